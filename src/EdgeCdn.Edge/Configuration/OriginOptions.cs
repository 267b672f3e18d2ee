namespace EdgeCdn.Edge.Configuration;

/// <summary>An origin: an S3-compatible bucket (signed with SigV4) or a plain HTTP server.</summary>
public sealed class OriginOptions
{
    public string Id { get; set; } = string.Empty;

    /// <summary>"s3" or "http".</summary>
    public string Kind { get; set; } = "http";

    /// <summary>Base URI, e.g. http://127.0.0.1:9000 (s3) or https://www.example.com (http).</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>s3: the bucket.</summary>
    public string? Bucket { get; set; }

    /// <summary>s3: the region requests are signed for.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>s3: "path" (endpoint/bucket/key, the default) or "virtual" (bucket.endpoint/key).</summary>
    public string AddressingStyle { get; set; } = "path";

    /// <summary>s3: the signing identity (origin access control).</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public string? SessionToken { get; set; }

    /// <summary>s3: "always" (sign, replacing any viewer Authorization), "no-override" (sign unless the request
    /// forwarded to the origin carries an Authorization header) or "never".</summary>
    public string SigningBehavior { get; set; } = "always";

    /// <summary>http: a path prefix put before every request path ("/static").</summary>
    public string? OriginPath { get; set; }

    /// <summary>Headers added to every origin request (CloudFront's origin custom headers).</summary>
    public Dictionary<string, string> CustomHeaders { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the response headers, and the longest pause while reading the body.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connection attempts per request (CloudFront's default is 3): 1 + jittered retries.</summary>
    public int ConnectionAttempts { get; set; } = 3;

    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();
}
