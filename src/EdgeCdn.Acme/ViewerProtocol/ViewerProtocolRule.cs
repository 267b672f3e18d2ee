namespace EdgeCdn.Acme.ViewerProtocol;

/// <summary>The viewer protocol policy of one cache behaviour, with its optional HSTS header.</summary>
public sealed record ViewerProtocolRule(ViewerProtocolPolicy Policy, HstsSettings? Hsts = null)
{
    public static readonly ViewerProtocolRule AllowAll = new(ViewerProtocolPolicy.AllowAll);
}
