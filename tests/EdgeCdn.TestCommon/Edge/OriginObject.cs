namespace EdgeCdn.TestCommon.Edge;

/// <summary>An object a <see cref="TestOrigin"/> serves, with the headers it answers with.</summary>
public sealed class OriginObject
{
    public required byte[] Body { get; set; }

    public string ContentType { get; set; } = "application/octet-stream";

    /// <summary>Null: no ETag header.</summary>
    public string? ETag { get; set; }

    /// <summary>Null: no Last-Modified header.</summary>
    public DateTimeOffset? LastModified { get; set; }

    public string? CacheControl { get; set; }

    public string? Expires { get; set; }

    public string? ContentEncoding { get; set; }

    /// <summary>Status to answer with (an error page body, for instance).</summary>
    public int Status { get; set; } = 200;

    /// <summary>Extra response headers.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
}
