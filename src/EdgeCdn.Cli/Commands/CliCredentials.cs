using EdgeCdn.Core.Signing;

namespace EdgeCdn.Cli.Commands;

/// <summary>
/// Where the CLI finds the access key pair, in order: EDGECDN_ACCESS_KEY / EDGECDN_SECRET_KEY, then the AWS CLI's
/// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN), then the credentials `edgecdn up` generated in
/// its data directory (EDGECDN_DATA_DIR, default ./.edgecdn). Secrets are never taken as flags, so they do not land
/// in shell history or process listings.
/// </summary>
internal static class CliCredentials
{
    public static AwsCredential? FromEnvironment()
    {
        var access = Environment.GetEnvironmentVariable("EDGECDN_ACCESS_KEY");
        var secret = Environment.GetEnvironmentVariable("EDGECDN_SECRET_KEY");
        if (!string.IsNullOrEmpty(access) && !string.IsNullOrEmpty(secret))
        {
            return new AwsCredential(access, secret);
        }

        access = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        secret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        if (!string.IsNullOrEmpty(access) && !string.IsNullOrEmpty(secret))
        {
            return new AwsCredential(access, secret, Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN"));
        }

        return Up.ChainCredentials.TryLoad(LocalDataDirectory) is { } local ? new AwsCredential(local.AccessKey, local.SecretKey) : null;
    }

    /// <summary>The data directory of the local chain (`edgecdn up`).</summary>
    public static string LocalDataDirectory => Path.GetFullPath(Environment.GetEnvironmentVariable("EDGECDN_DATA_DIR") ?? ".edgecdn");

    /// <summary>The origin URL: EDGECDN_ORIGIN_URL, else the running local chain's, else the default port.</summary>
    public static string DefaultOriginUrl =>
        Environment.GetEnvironmentVariable("EDGECDN_ORIGIN_URL") ?? Up.ChainState.TryLoad(LocalDataDirectory)?.OriginUrl ?? "http://127.0.0.1:9000";

    public const string Missing =
        "No credentials: set EDGECDN_ACCESS_KEY and EDGECDN_SECRET_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run `edgecdn up` in this folder first.";
}
