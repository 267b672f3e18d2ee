using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Buckets;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Encryption;

/// <summary>
/// GetBucketEncryption, PutBucketEncryption, DeleteBucketEncryption. As in S3 today every bucket encrypts by default
/// with SSE-S3 (AES256): a bucket without a configuration reports that, and deleting the configuration returns to it.
/// When the operator turned that default off (Origin:Encryption:BucketDefault None), a bucket without a configuration
/// has none, as S3 buckets did before 2023: GetBucketEncryption answers ServerSideEncryptionConfigurationNotFoundError.
/// SSE-KMS is not available here.
/// </summary>
internal sealed class BucketEncryptionHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;

    public BucketEncryptionHandler(ObjectStore store, IOptions<OriginOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    public Task GetAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        var stored = bucket.Settings.Get(BucketSettings.Encryption);
        if (stored is null && !_options.Encryption.EncryptsByDefault)
        {
            throw new S3Exception(S3ErrorCatalog.ServerSideEncryptionConfigurationNotFoundError, null, S3Exception.Detail("BucketName", bucket.Name));
        }

        return XmlDocuments.WriteResponseAsync(context.Response, stored ?? Document(bucketKeyEnabled: false));
    }

    public Task PutAsync(S3Context context) =>
        BucketSettingDocument.PutAsync(_store, context, _options, BucketSettings.Encryption, static (body, _) => Validate(body));

    public Task DeleteAsync(S3Context context) =>
        BucketSettingDocument.DeleteAsync(_store, context, BucketSettings.Encryption);

    private static string Validate(byte[] body)
    {
        var root = RequestXml.Parse(body, "ServerSideEncryptionConfiguration");
        var rules = RequestXml.Children(root, "Rule").ToList();
        if (rules.Count != 1)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        var defaults = RequestXml.Children(rules[0], "ApplyServerSideEncryptionByDefault").FirstOrDefault();
        var algorithm = defaults is null ? null : RequestXml.Value(defaults, "SSEAlgorithm")?.Trim();
        if (algorithm is null)
        {
            throw new S3Exception(S3ErrorCatalog.MalformedXML);
        }

        ServerSideEncryption.CheckAlgorithm(algorithm, "SSEAlgorithm");
        if (RequestXml.Value(defaults!, "KMSMasterKeyID") is { Length: > 0 })
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument, "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
                S3Exception.Detail("ArgumentName", "ApplyServerSideEncryptionByDefault"));
        }

        var bucketKey = RequestXml.Value(rules[0], "BucketKeyEnabled")?.Trim() switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new S3Exception(S3ErrorCatalog.MalformedXML),
        };
        return Document(bucketKey);
    }

    private static string Document(bool bucketKeyEnabled) => XmlDocuments.Write("ServerSideEncryptionConfiguration", w =>
    {
        w.WriteStartElement("Rule");
        w.WriteStartElement("ApplyServerSideEncryptionByDefault");
        XmlResponse.Element(w, "SSEAlgorithm", ServerSideEncryption.Aes256);
        w.WriteEndElement();
        XmlResponse.Element(w, "BucketKeyEnabled", bucketKeyEnabled);
        w.WriteEndElement();
    });
}
