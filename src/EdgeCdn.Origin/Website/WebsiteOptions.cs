namespace EdgeCdn.Origin.Website;

/// <summary>The static website endpoint (section Origin:Website).</summary>
public sealed class WebsiteOptions
{
    /// <summary>Where the website endpoint listens (e.g. http://127.0.0.1:9080); empty: no website endpoint.</summary>
    public string Urls { get; set; } = string.Empty;

    /// <summary>Requests to <c>bucket.&lt;BaseDomain&gt;</c> serve that bucket's website; any other Host names the
    /// bucket itself (a bucket named after the site's domain, as with S3).</summary>
    public string BaseDomain { get; set; } = "s3-website.localhost";
}
