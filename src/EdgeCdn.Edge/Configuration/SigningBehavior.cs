namespace EdgeCdn.Edge.Configuration;

/// <summary>Origin access control's signing behaviour for s3 origins.</summary>
public enum SigningBehavior
{
    /// <summary>Sign every origin request, replacing any Authorization header from the viewer.</summary>
    Always,

    /// <summary>Sign unless the request forwarded to the origin already carries an Authorization header.</summary>
    NoOverride,

    /// <summary>Never sign (a public bucket).</summary>
    Never,
}
