namespace EdgeCdn.Origin.Routing;

/// <summary>A request as the S3 API sees it: addressing resolved, key decoded, operation chosen.</summary>
internal sealed class S3Request
{
    public required string Method { get; init; }

    /// <summary>The path as on the wire (percent-encoded), what signatures cover.</summary>
    public required string RawPath { get; init; }

    public required string RawQuery { get; init; }

    public required QueryParameters Query { get; init; }

    public string? Bucket { get; init; }

    /// <summary>The object key, decoded (UTF-8, at most 1024 bytes); null for bucket and service requests.</summary>
    public string? Key { get; init; }

    /// <summary>True when the bucket came from the Host header (bucket.&lt;base domain&gt;).</summary>
    public bool VirtualHosted { get; init; }

    public required S3Operation Operation { get; init; }

    /// <summary>The AWS name of the operation (also for the ones not implemented).</summary>
    public required string OperationName { get; init; }

    /// <summary>A key that could not be accepted (bad encoding, too long): raised after authentication, so that an
    /// unsigned request learns nothing about keys.</summary>
    public Errors.S3Exception? KeyError { get; init; }

    /// <summary>What S3 puts in an error's &lt;Resource&gt;: /bucket/key, /bucket or /.</summary>
    public string Resource => Bucket is null ? "/" : Key is null ? "/" + Bucket : "/" + Bucket + "/" + Key;
}
