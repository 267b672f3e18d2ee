namespace EdgeCdn.Edge.Configuration;

/// <summary>CloudFront's viewer protocol policy, stored per behaviour; the TLS front (issue 5) enforces it.</summary>
public enum ViewerProtocolPolicy
{
    AllowAll,
    RedirectToHttps,
    HttpsOnly,
}
