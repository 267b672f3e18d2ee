namespace EdgeCdn.Edge.Configuration;

/// <summary>The spellings configuration files use for enumerations, in one place for the validator and the model.</summary>
internal static class ConfigurationValues
{
    public static bool TryParseKind(string? value, out OriginKind kind)
    {
        kind = default;
        switch (value?.ToLowerInvariant())
        {
            case "s3": kind = OriginKind.S3; return true;
            case "http": kind = OriginKind.Http; return true;
            default: return false;
        }
    }

    public static bool TryParseSigning(string? value, out SigningBehavior behavior)
    {
        behavior = default;
        switch (value?.ToLowerInvariant())
        {
            case "always": behavior = SigningBehavior.Always; return true;
            case "no-override": behavior = SigningBehavior.NoOverride; return true;
            case "never": behavior = SigningBehavior.Never; return true;
            default: return false;
        }
    }

    public static bool TryParseViewerProtocol(string? value, out ViewerProtocolPolicy policy)
    {
        policy = default;
        switch (value?.ToLowerInvariant())
        {
            case "allow-all": policy = ViewerProtocolPolicy.AllowAll; return true;
            case "redirect-to-https": policy = ViewerProtocolPolicy.RedirectToHttps; return true;
            case "https-only": policy = ViewerProtocolPolicy.HttpsOnly; return true;
            default: return false;
        }
    }

    public static bool TryParseKeyPart(string? value, out Core.Caching.KeyPartBehavior behavior)
    {
        behavior = default;
        switch (value?.ToLowerInvariant())
        {
            case "none": behavior = Core.Caching.KeyPartBehavior.None; return true;
            case "all": behavior = Core.Caching.KeyPartBehavior.All; return true;
            case "allowlist" or "whitelist": behavior = Core.Caching.KeyPartBehavior.AllowList; return true;
            case "allexcept": behavior = Core.Caching.KeyPartBehavior.AllExcept; return true;
            default: return false;
        }
    }

    public static readonly string[] CachedMethods = ["GET", "HEAD"];
    public static readonly string[] AllMethods = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
}
