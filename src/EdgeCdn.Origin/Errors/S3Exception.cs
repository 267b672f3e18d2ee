using EdgeCdn.Core.S3;

namespace EdgeCdn.Origin.Errors;

/// <summary>
/// The one error type of the S3 API: whatever fails a request for a reason S3 defines (no such key, bad digest,
/// precondition failed...) is thrown as this, from the parser, the auth step, a handler or the storage engine,
/// and rendered as an &lt;Error&gt; document in one place (the request pipeline).
/// </summary>
internal sealed class S3Exception : Exception
{
    public S3Exception(S3ErrorDefinition error, string? message = null, params KeyValuePair<string, string>[] details)
        : base(message ?? error.Message)
    {
        Error = error;
        Details = details;
    }

    public S3Exception()
        : this(S3ErrorCatalog.InternalError)
    {
    }

    public S3Exception(string message)
        : this(S3ErrorCatalog.InternalError, message)
    {
    }

    public S3Exception(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = S3ErrorCatalog.InternalError;
        Details = [];
    }

    public S3ErrorDefinition Error { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Details { get; }

    public string Code => Error.Code;

    public static KeyValuePair<string, string> Detail(string name, string value) => new(name, value);
}
