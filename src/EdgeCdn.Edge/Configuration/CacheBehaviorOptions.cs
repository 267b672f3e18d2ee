namespace EdgeCdn.Edge.Configuration;

/// <summary>A cache behaviour: which origin serves a path pattern and how its responses are cached.</summary>
public sealed class CacheBehaviorOptions
{
    /// <summary>"*" any run of characters, "?" one character, case-sensitive. Not set on the default behaviour.</summary>
    public string? PathPattern { get; set; }

    /// <summary>An origin id or an origin group id.</summary>
    public string TargetOriginId { get; set; } = string.Empty;

    /// <summary>Name of a cache policy (Edge:CachePolicies, or the built-in CachingOptimized / CachingDisabled).</summary>
    public string CachePolicy { get; set; } = "CachingOptimized";

    /// <summary>"allow-all", "redirect-to-https" (301 for GET/HEAD, 307 otherwise) or "https-only" (403 over HTTP).</summary>
    public string ViewerProtocolPolicy { get; set; } = "allow-all";

    /// <summary>When set, HTTPS responses carry Strict-Transport-Security with this max-age.</summary>
    public TimeSpan? HstsMaxAge { get; set; }

    public bool HstsIncludeSubDomains { get; set; }

    public bool HstsPreload { get; set; }

    /// <summary>GET and HEAD are always allowed; add OPTIONS, or all of PUT, POST, PATCH, DELETE, OPTIONS.</summary>
    public List<string> AllowedMethods { get; set; } = ["GET", "HEAD"];

    /// <summary>Compress compressible types (gzip, brotli) when the origin did not.</summary>
    public bool Compress { get; set; } = true;

    /// <summary>Serve the SPA document with 200 to page navigations that miss (GET, Accept: text/html, no file
    /// extension in the last segment); asset misses stay real 404s.</summary>
    public bool SpaFallback { get; set; }

    /// <summary>The document for SPA fallback; default "/" + the distribution's default root object, else "/index.html".</summary>
    public string? SpaFallbackDocument { get; set; }
}
