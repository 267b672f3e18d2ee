using System.Text.RegularExpressions;
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

        if (options.MaxXmlBodyBytes < 64 * 1024)
        {
            errors.Add("Origin:MaxXmlBodyBytes must be at least 65536.");
        }

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
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{3,128}$")]
    private static partial Regex AccessKeyPattern();
}
