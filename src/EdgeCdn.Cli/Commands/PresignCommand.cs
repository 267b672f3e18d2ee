using System.CommandLine;
using EdgeCdn.Core.Signing;

namespace EdgeCdn.Cli.Commands;

/// <summary>
/// `edgecdn presign s3://bucket/key`: a presigned URL, like `aws s3 presign`, for our origin or any S3 endpoint.
/// </summary>
internal static class PresignCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var target = new Argument<string>("s3-uri") { Description = "The object, as s3://bucket/key." };
        var endpoint = new Option<string>("--endpoint-url")
        {
            Description = "The S3 endpoint (path-style URLs are produced).",
            DefaultValueFactory = _ => CliCredentials.DefaultOriginUrl,
        };
        var expiresIn = new Option<int>("--expires-in")
        {
            Description = "Seconds until the URL expires (1 to 604800).",
            DefaultValueFactory = _ => 3600,
        };
        var region = new Option<string>("--region")
        {
            Description = "The region the URL is signed for.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1",
        };
        var method = new Option<string>("--method")
        {
            Description = "The HTTP method the URL allows (GET, PUT, HEAD, DELETE).",
            DefaultValueFactory = _ => "GET",
        };
        var sigV2 = new Option<bool>("--sigv2") { Description = "Legacy Signature Version 2 URL (AWSAccessKeyId, Expires, Signature)." };

        var command = new Command("presign", "Print a presigned URL for an object.") { target, endpoint, expiresIn, region, method, sigV2 };
        command.SetAction(parse =>
        {
            var credential = CliCredentials.FromEnvironment();
            if (credential is null)
            {
                error.WriteLine(CliCredentials.Missing);
                return 2;
            }

            if (!TryParseS3Uri(parse.GetValue(target)!, out var bucket, out var key))
            {
                error.WriteLine("The object must be given as s3://bucket/key.");
                return 2;
            }

            var seconds = parse.GetValue(expiresIn);
            if (seconds is < 1 or > SigV4Constants.MaxPresignExpirySeconds)
            {
                error.WriteLine("--expires-in must be between 1 and 604800 seconds (7 days).");
                return 2;
            }

            if (!Uri.TryCreate(parse.GetValue(endpoint), UriKind.Absolute, out var endpointUri))
            {
                error.WriteLine("--endpoint-url must be an absolute URL such as http://127.0.0.1:9000.");
                return 2;
            }

            var verb = parse.GetValue(method)!.ToUpperInvariant();
            var now = DateTimeOffset.UtcNow;
            if (parse.GetValue(sigV2))
            {
                output.WriteLine(SigV2.Presign(credential, endpointUri, bucket, key, now.AddSeconds(seconds), verb));
                return 0;
            }

            var objectUri = new Uri(endpointUri, "/" + bucket + "/" + UriEncoding.Encode(key, keepSlash: true));
            var signer = new SigV4Signer(credential, parse.GetValue(region)!);
            output.WriteLine(signer.Presign(verb, objectUri, now, TimeSpan.FromSeconds(seconds)));
            return 0;
        });
        return command;
    }

    internal static bool TryParseS3Uri(string value, out string bucket, out string key)
    {
        bucket = key = string.Empty;
        if (!value.StartsWith("s3://", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = value["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        bucket = rest[..slash];
        key = rest[(slash + 1)..];
        return true;
    }
}
