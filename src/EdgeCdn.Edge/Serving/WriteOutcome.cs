namespace EdgeCdn.Edge.Serving;

/// <summary>What was sent, for metrics and the access log.</summary>
internal struct WriteOutcome
{
    public int Status;
    public long BodyBytes;
    public long FirstByteTimestamp;
    public long? RangeStart;
    public long? RangeEnd;
    public long? ContentLength;
    public string? ContentType;
}
