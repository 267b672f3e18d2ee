using System.Text.RegularExpressions;
using EdgeCdn.Origin.Encryption;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Hosting;

/// <summary>Checks every setting and reports all problems at once.</summary>
internal sealed partial class OriginOptionsValidator : IValidateOptions<OriginOptions>
{
    public ValidateOptionsResult Validate(string? name, OriginOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Origin:DataDirectory must be set.");
        }

        if (string.IsNullOrEmpty(options.Region) || !RegionPattern().IsMatch(options.Region))
        {
            errors.Add($"Origin:Region '{options.Region}' must be lower-case letters, digits and '-' (e.g. us-east-1).");
        }

        if (string.IsNullOrEmpty(options.BaseDomain) || !DomainPattern().IsMatch(options.BaseDomain))
        {
            errors.Add($"Origin:BaseDomain '{options.BaseDomain}' must be a DNS name such as s3.localhost.");
        }

        if (options.AllowedClockSkew <= TimeSpan.Zero || options.AllowedClockSkew > TimeSpan.FromHours(24))
        {
            errors.Add("Origin:AllowedClockSkew must be more than zero and at most 24 hours.");
        }

        if (options.MaxObjectBytes < 1)
        {
            errors.Add("Origin:MaxObjectBytes must be positive.");
        }

        if (options.MinPartBytes < 1 || options.MaxPartBytes < options.MinPartBytes)
        {
            errors.Add("Origin:MinPartBytes must be positive and not above Origin:MaxPartBytes.");
        }

        if (options.MaxPartsPerUpload is < 1 or > 10_000)
        {
            errors.Add("Origin:MaxPartsPerUpload must be from 1 to 10000.");
        }

        if (options.HotObjects.MemoryBytes < 0 || options.HotObjects.MaxObjectBytes < 0)
        {
            errors.Add("Origin:HotObjects:MemoryBytes and Origin:HotObjects:MaxObjectBytes must be 0 or more.");
        }

        if (options.MaxXmlBodyBytes < 64 * 1024)
        {
            errors.Add("Origin:MaxXmlBodyBytes must be at least 65536.");
        }

        if (string.IsNullOrEmpty(options.AccountId) || !AccountIdPattern().IsMatch(options.AccountId))
        {
            errors.Add($"Origin:AccountId '{options.AccountId}' must be 12 digits.");
        }

        ValidateFeatures(options, errors);
        var accessKeys = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var users = options.Users.Select((u, i) => ($"Origin:Users:{i}", u)).ToList();
        if (options.RootUser is { } root && !(string.IsNullOrEmpty(root.AccessKey) && string.IsNullOrEmpty(root.SecretKey)))
        {
            if (string.IsNullOrEmpty(root.Name))
            {
                root.Name = "root";
            }

            users.Insert(0, ("Origin:RootUser (EDGECDN_ACCESS_KEY / EDGECDN_SECRET_KEY)", root));
        }

        foreach (var (path, user) in users)
        {
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                errors.Add($"{path}:Name must be set.");
            }
            else if (!names.Add(user.Name))
            {
                errors.Add($"{path}:Name '{user.Name}' is used by more than one user.");
            }

            if (string.IsNullOrEmpty(user.AccessKey) || !AccessKeyPattern().IsMatch(user.AccessKey))
            {
                errors.Add($"{path}:AccessKey must be 3 to 128 characters of letters, digits, '-', '_' or '.'.");
            }
            else if (!accessKeys.Add(user.AccessKey))
            {
                errors.Add($"{path}:AccessKey '{user.AccessKey}' is used by more than one user.");
            }

            // Never echo the secret itself.
            if (string.IsNullOrEmpty(user.SecretKey) || user.SecretKey.Length < 8 || user.SecretKey.Length > 256)
            {
                errors.Add($"{path}:SecretKey must be 8 to 256 characters.");
            }

            ValidateKind(path, user, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateKind(string path, OriginUserOptions user, List<string> errors)
    {
        if (user.Kind is not (OriginUserOptions.UserKind or OriginUserOptions.ServiceKind))
        {
            errors.Add($"{path}:Kind '{user.Kind}' must be user or service.");
            return;
        }

        if (user.Kind == OriginUserOptions.UserKind)
        {
            if (!string.IsNullOrEmpty(user.SourceArn) || !string.IsNullOrEmpty(user.DistributionId))
            {
                errors.Add($"{path}: SourceArn and DistributionId are for users of Kind service.");
            }

            return;
        }

        if (string.IsNullOrEmpty(user.Service) || !ServicePattern().IsMatch(user.Service))
        {
            errors.Add($"{path}:Service '{user.Service}' must be a service principal such as cloudfront.amazonaws.com.");
        }

        var hasArn = !string.IsNullOrEmpty(user.SourceArn);
        var hasDistribution = !string.IsNullOrEmpty(user.DistributionId);
        if (hasArn == hasDistribution)
        {
            errors.Add($"{path}: a service identity needs exactly one of SourceArn and DistributionId (what it acts for).");
        }
        else if (hasArn && !ArnPattern().IsMatch(user.SourceArn!))
        {
            errors.Add($"{path}:SourceArn '{user.SourceArn}' must be an ARN (arn:aws:cloudfront::<account>:distribution/<id>).");
        }
        else if (hasDistribution && !DistributionPattern().IsMatch(user.DistributionId!))
        {
            errors.Add($"{path}:DistributionId '{user.DistributionId}' must be letters, digits, '-' and '_'.");
        }
    }

    private static void ValidateFeatures(OriginOptions options, List<string> errors)
    {
        var encryption = options.Encryption;
        if (!string.IsNullOrEmpty(encryption.MasterKey))
        {
            var key = new byte[64];
            if (!Convert.TryFromBase64String(encryption.MasterKey, key, out var written) || written != 32)
            {
                // Never echo the key itself.
                errors.Add("Origin:Encryption:MasterKey must be 32 bytes in base64 (e.g. from `openssl rand -base64 32`).");
            }
        }

        if (!string.Equals(encryption.BucketDefault, ServerSideEncryption.Aes256, StringComparison.Ordinal) &&
            !string.Equals(encryption.BucketDefault, EncryptionOptions.NoEncryption, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Origin:Encryption:BucketDefault must be {ServerSideEncryption.Aes256} or {EncryptionOptions.NoEncryption}.");
        }

        if (encryption.ChunkBytes is < 4096 or > 16 * 1024 * 1024)
        {
            errors.Add("Origin:Encryption:ChunkBytes must be from 4096 to 16777216.");
        }

        if (options.Restore.GlacierDelay < TimeSpan.Zero || options.Restore.DeepArchiveDelay < TimeSpan.Zero)
        {
            errors.Add("Origin:Restore:GlacierDelay and DeepArchiveDelay must not be negative.");
        }

        if (options.Lifecycle.Interval < TimeSpan.FromSeconds(1))
        {
            errors.Add("Origin:Lifecycle:Interval must be at least one second.");
        }

        if (!string.IsNullOrEmpty(options.Website.Urls))
        {
            foreach (var url in options.Website.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    errors.Add($"Origin:Website:Urls '{url}' must be http:// or https:// URLs separated by ';'.");
                }
            }
        }

        if (string.IsNullOrEmpty(options.Website.BaseDomain) || !DomainPattern().IsMatch(options.Website.BaseDomain))
        {
            errors.Add($"Origin:Website:BaseDomain '{options.Website.BaseDomain}' must be a DNS name such as s3-website.localhost.");
        }
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$")]
    private static partial Regex ServicePattern();

    [GeneratedRegex("^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:.+$")]
    private static partial Regex ArnPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex DistributionPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{3,128}$")]
    private static partial Regex AccessKeyPattern();
}
