namespace EdgeCdn.Origin.Storage;

/// <summary>The standard HTTP headers S3 stores with an object and returns on GET and HEAD.</summary>
internal sealed record ObjectHeaders(
    string? ContentType,
    string? ContentEncoding,
    string? ContentDisposition,
    string? ContentLanguage,
    string? CacheControl,
    string? Expires)
{
    public static readonly ObjectHeaders None = new(null, null, null, null, null, null);
}
