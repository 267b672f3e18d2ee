using System.Security.Cryptography;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Encryption;

/// <summary>
/// The x-amz-server-side-encryption* headers: what a write asks for (SSE-S3 by default, as every S3 bucket encrypts
/// by default; SSE-C with a customer key; SSE-KMS is not available here), the customer key a read must present again,
/// and what responses report.
/// </summary>
internal static class ServerSideEncryption
{
    public const string Header = "x-amz-server-side-encryption";
    public const string Aes256 = "AES256";
    private const string CustomerPrefix = "x-amz-server-side-encryption-customer-";
    private const string CopySourceCustomerPrefix = "x-amz-copy-source-server-side-encryption-customer-";

    /// <summary>The encryption a write asks for; when it asks for none, the bucket's default encryption, or else the
    /// server's (<see cref="EncryptionOptions.BucketDefault"/>: SSE-S3 unless turned off).</summary>
    public static EncryptionChoice ForWrite(S3Context context, EncryptionOptions options, BucketRecord bucket)
    {
        var requested = context.Header(Header);
        var customer = CustomerKeyOf(context, options, copySource: false);
        if (customer is not null && requested.Length > 0)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument,
                "Server Side Encryption with Customer provided key is incompatible with the encryption method specified",
                S3Exception.Detail("ArgumentName", Header), S3Exception.Detail("ArgumentValue", requested));
        }

        if (customer is not null)
        {
            return new EncryptionChoice(new ObjectEncryption(ObjectEncryption.SseC, customer.Md5), customer);
        }

        CheckAlgorithm(requested, Header);
        if (context.Header("x-amz-server-side-encryption-aws-kms-key-id").Length > 0)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument, "x-amz-server-side-encryption-aws-kms-key-id is only for SSE-KMS, which this server does not offer.",
                S3Exception.Detail("ArgumentName", "x-amz-server-side-encryption-aws-kms-key-id"));
        }

        // A stored ?encryption configuration can only say AES256 (SSE-KMS is refused).
        return requested.Length > 0 || options.EncryptsByDefault || bucket.Settings.Get(BucketSettings.Encryption) is not null
            ? EncryptionChoice.S3Managed
            : EncryptionChoice.Plaintext;
    }

    /// <summary>Accepts AES256 (or nothing); refuses SSE-KMS as not implemented and anything else as invalid.</summary>
    public static void CheckAlgorithm(string algorithm, string argumentName)
    {
        switch (algorithm)
        {
            case "" or Aes256:
                return;
            case "aws:kms" or "aws:kms:dsse":
                throw new S3Exception(S3ErrorCatalog.NotImplemented, "SSE-KMS is not implemented by this server; use AES256 (SSE-S3) or SSE-C.");
            default:
                throw new S3Exception(S3ErrorCatalog.InvalidArgument, "The encryption method specified is not supported",
                    S3Exception.Detail("ArgumentName", argumentName), S3Exception.Detail("ArgumentValue", algorithm));
        }
    }

    /// <summary>The SSE-C key of the request (or of its copy source), checked; null when it carries none.</summary>
    public static CustomerKey? CustomerKeyOf(S3Context context, EncryptionOptions options, bool copySource)
    {
        var prefix = copySource ? CopySourceCustomerPrefix : CustomerPrefix;
        var algorithm = context.Header(prefix + "algorithm");
        var keyText = context.Header(prefix + "key");
        var md5Text = context.Header(prefix + "key-MD5");
        if (algorithm.Length == 0 && keyText.Length == 0 && md5Text.Length == 0)
        {
            return null;
        }

        if (!context.HttpRequest.IsHttps && !options.AllowCustomerKeysOverHttp)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest,
                "Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.");
        }

        if (algorithm.Length == 0)
        {
            throw Invalid(prefix + "algorithm", "Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.");
        }

        if (algorithm != Aes256)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidEncryptionAlgorithmError, null,
                S3Exception.Detail("ArgumentName", prefix + "algorithm"), S3Exception.Detail("ArgumentValue", algorithm));
        }

        if (keyText.Length == 0)
        {
            throw Invalid(prefix + "key", "Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.");
        }

        if (md5Text.Length == 0)
        {
            throw Invalid(prefix + "key-MD5", "Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.");
        }

        var key = new byte[48];
        if (!Convert.TryFromBase64String(keyText, key, out var written) || written != BlobFormat.KeySize)
        {
            // Never echo the key.
            throw Invalid(prefix + "key", "The secret key was invalid for the specified algorithm.");
        }

        key = key[..BlobFormat.KeySize];
        var md5 = Convert.ToBase64String(MD5.HashData(key));
        if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(md5), System.Text.Encoding.ASCII.GetBytes(md5Text.Trim())))
        {
            throw Invalid(prefix + "key-MD5", "The calculated MD5 hash of the key did not match the hash that was provided.");
        }

        return new CustomerKey(key, md5);
    }

    /// <summary>The key a read of <paramref name="obj"/> must use: SSE-C objects need the key they were written with
    /// (InvalidRequest without one, AccessDenied with another); others must not be sent one.</summary>
    public static CustomerKey? ForRead(ObjectRecord obj, CustomerKey? presented)
    {
        if (obj.Encryption is { IsCustomerKey: true } stored)
        {
            if (presented is null)
            {
                throw new S3Exception(S3ErrorCatalog.InvalidRequest,
                    "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.");
            }

            if (presented.Md5 != stored.CustomerKeyMd5)
            {
                throw new S3Exception(S3ErrorCatalog.AccessDenied, "The SSE-C key provided does not match the key the object was encrypted with.");
            }

            return presented;
        }

        if (presented is not null)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidRequest, "The encryption parameters are not applicable to this object.");
        }

        return null;
    }

    public static void WriteHeaders(HttpResponse response, ObjectEncryption? encryption)
    {
        if (encryption is null)
        {
            return;
        }

        if (encryption.IsCustomerKey)
        {
            response.Headers[CustomerPrefix + "algorithm"] = Aes256;
            response.Headers[CustomerPrefix + "key-MD5"] = encryption.CustomerKeyMd5;
        }
        else
        {
            response.Headers[Header] = Aes256;
        }
    }

    private static S3Exception Invalid(string header, string message) =>
        new(S3ErrorCatalog.InvalidArgument, message, S3Exception.Detail("ArgumentName", header));
}
