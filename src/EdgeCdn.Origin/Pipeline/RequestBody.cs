using EdgeCdn.Origin.Payload;

namespace EdgeCdn.Origin.Pipeline;

/// <summary>The small body of a configuration request (an XML or JSON document), with every payload check applied.</summary>
internal static class RequestBody
{
    public static Task<byte[]> ReadSmallAsync(S3Context context, int maxBytes)
    {
        var payload = RequestPayload.Open(context.HttpRequest, context.Signature, maxBytes, requireLength: false);
        return payload.ReadSmallAsync(maxBytes, context.Aborted);
    }
}
