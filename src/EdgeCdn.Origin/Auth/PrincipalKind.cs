namespace EdgeCdn.Origin.Auth;

/// <summary>Who signed a request: nobody, the root user, a configured user, or a service identity (an edge acting
/// for its distribution).</summary>
internal enum PrincipalKind
{
    Anonymous,
    Administrator,
    User,
    Service,
}
