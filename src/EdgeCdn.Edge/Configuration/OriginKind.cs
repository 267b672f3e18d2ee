namespace EdgeCdn.Edge.Configuration;

public enum OriginKind
{
    Http,
    S3,
}
