using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeCdn.Origin.Storage;

/// <summary>
/// How an object's blobs are encrypted at rest: SSE-S3 (data keys wrapped by the origin's master key) or SSE-C (data
/// keys wrapped by the customer's key, of which only the MD5 S3 reports is kept). Stored as a small JSON document.
/// </summary>
internal sealed record ObjectEncryption(string Kind, string? CustomerKeyMd5 = null)
{
    public const string SseS3 = "AES256";
    public const string SseC = "SSE-C";

    public static readonly ObjectEncryption S3Managed = new(SseS3);

    public bool IsCustomerKey => Kind == SseC;

    public string Serialize() => JsonSerializer.Serialize(new Stored(Kind, CustomerKeyMd5));

    public static ObjectEncryption? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<Stored>(json) ?? throw new InvalidDataException("Bad encryption metadata.");
        return stored.Kind == SseS3 ? S3Managed : new ObjectEncryption(stored.Kind, stored.KeyMd5);
    }

    private sealed record Stored(
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("keyMd5"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KeyMd5);
}
