namespace EdgeCdn.Acme.ViewerProtocol;

/// <summary>What a cache behaviour allows viewers to use (CloudFront's ViewerProtocolPolicy).</summary>
public enum ViewerProtocolPolicy
{
    /// <summary>HTTP and HTTPS both served.</summary>
    AllowAll,

    /// <summary>HTTP answered with a redirect to the same URL over HTTPS: 301 for GET/HEAD, 307 otherwise (method and body kept).</summary>
    RedirectToHttps,

    /// <summary>HTTP refused with 403.</summary>
    HttpsOnly,
}
