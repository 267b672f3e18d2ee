namespace EdgeCdn.Edge.Serving;

internal enum PreconditionResult
{
    Proceed,
    NotModified,
    Failed,
}
