using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Edge.Configuration;

/// <summary>
/// Validates the whole edge configuration and reports every problem at once (YARP's ConfigValidator style), each
/// with the configuration path that holds it, so one start tells the operator everything to fix.
/// </summary>
internal sealed partial class EdgeOptionsValidator : IValidateOptions<EdgeOptions>
{
    private static readonly HashSet<string> ForbiddenCustomHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Authorization", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade",
        "Proxy-Authorization", "Proxy-Connection", "Content-Length", "Expect", "Range", "If-None-Match",
        "If-Modified-Since", "Accept-Encoding", "Cookie", "Via", "X-Forwarded-For",
    };

    public ValidateOptionsResult Validate(string? name, EdgeOptions options)
    {
        var errors = new List<string>();
        ValidateNode(options, errors);
        ValidateCache(options.Cache, errors);
        if (options.ConnectionBuffers.BlockBytes is < 4096 or > 1024 * 1024)
        {
            errors.Add("Edge:ConnectionBuffers:BlockBytes: must be from 4096 to 1048576.");
        }

        if (options.ConnectionBuffers.MaxRetainedBytes < 0)
        {
            errors.Add("Edge:ConnectionBuffers:MaxRetainedBytes: must be 0 or more.");
        }

        if (options.AdminToken is { Length: > 0 and < 16 })
        {
            errors.Add("Edge:AdminToken: must be at least 16 characters (or empty to turn the admin API off).");
        }

        var policies = new HashSet<string>(BuiltInPolicies.Names, StringComparer.Ordinal);
        foreach (var (policyName, policy) in options.CachePolicies)
        {
            policies.Add(policyName);
            ValidatePolicy($"Edge:CachePolicies:{policyName}", policy, errors);
        }

        if (options.Distributions.Count == 0)
        {
            errors.Add("Edge:Distributions: at least one distribution is required.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Distributions.Count; i++)
        {
            var distribution = options.Distributions[i];
            var path = $"Edge:Distributions:{i}";
            if (!IdPattern().IsMatch(distribution.Id ?? string.Empty))
            {
                errors.Add($"{path}:Id: '{distribution.Id}' must be 1-64 characters of A-Z, a-z, 0-9, '-' or '_'.");
            }
            else if (!ids.Add(distribution.Id!))
            {
                errors.Add($"{path}:Id: '{distribution.Id}' is used by another distribution.");
            }

            ValidateDistribution(path, distribution, policies, aliases, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateNode(EdgeOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.Node.Name) || options.Node.Name.Any(c => char.IsControl(c) || c is '(' or ')' or ','))
        {
            errors.Add("Edge:Node:Name: must be a non-empty name without control characters, parentheses or commas.");
        }

        if (string.IsNullOrWhiteSpace(options.Node.Location) || options.Node.Location.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '"'))
        {
            errors.Add("Edge:Node:Location: must be a non-empty code without whitespace or quotes (e.g. FRA1).");
        }
    }

    private static void ValidateCache(CacheStoreOptions cache, List<string> errors)
    {
        if (cache.MemoryBytes <= 0)
        {
            errors.Add($"Edge:Cache:MemoryBytes: must be positive (got {cache.MemoryBytes}).");
        }

        if (cache.MaxObjectBytes <= 0 || cache.MaxObjectBytes > cache.MemoryBytes)
        {
            errors.Add($"Edge:Cache:MaxObjectBytes: must be positive and at most MemoryBytes (got {cache.MaxObjectBytes}).");
        }

        if (cache.MaxObjectBytes > Array.MaxLength)
        {
            errors.Add($"Edge:Cache:MaxObjectBytes: the memory tier holds objects up to {Array.MaxLength} bytes.");
        }

        if (!Enum.TryParse<Caching.EvictionPolicy>(cache.Policy, ignoreCase: true, out _) || int.TryParse(cache.Policy, out _))
        {
            errors.Add($"Edge:Cache:Policy: '{cache.Policy}' is not a known policy (S3Fifo, Lru, MemoryCache).");
        }

        if (cache.SmallQueuePercent is < 1 or > 50)
        {
            errors.Add($"Edge:Cache:SmallQueuePercent: must be 1-50 (got {cache.SmallQueuePercent}).");
        }

        if (cache.PassMarkerTtl < TimeSpan.Zero)
        {
            errors.Add("Edge:Cache:PassMarkerTtl: must not be negative.");
        }

        var disk = cache.Disk;
        if (disk.Enabled)
        {
            if (disk.Path!.Any(char.IsControl))
            {
                errors.Add("Edge:Cache:Disk:Path: contains control characters.");
            }

            if (disk.MaxBytes <= 0)
            {
                errors.Add($"Edge:Cache:Disk:MaxBytes: must be positive (got {disk.MaxBytes}).");
            }

            if (disk.MaxObjectBytes <= 0 || disk.MaxObjectBytes > disk.MaxBytes)
            {
                errors.Add($"Edge:Cache:Disk:MaxObjectBytes: must be positive and at most Disk:MaxBytes (got {disk.MaxObjectBytes}).");
            }

            if (disk.MaxObjectBytes < cache.MaxObjectBytes)
            {
                errors.Add($"Edge:Cache:Disk:MaxObjectBytes: must be at least Edge:Cache:MaxObjectBytes ({cache.MaxObjectBytes}).");
            }

            if (disk.WriteQueueLength is < 1 or > 1_000_000)
            {
                errors.Add($"Edge:Cache:Disk:WriteQueueLength: must be 1-1000000 (got {disk.WriteQueueLength}).");
            }
        }
    }

    private static void ValidatePolicy(string path, CachePolicyOptions policy, List<string> errors)
    {
        if (policy.MinTtl < TimeSpan.Zero || policy.DefaultTtl < TimeSpan.Zero || policy.MaxTtl < TimeSpan.Zero)
        {
            errors.Add($"{path}: TTLs must not be negative.");
        }

        if (policy.MinTtl > policy.DefaultTtl || policy.DefaultTtl > policy.MaxTtl)
        {
            errors.Add($"{path}: MinTtl ({policy.MinTtl}) <= DefaultTtl ({policy.DefaultTtl}) <= MaxTtl ({policy.MaxTtl}) must hold.");
        }

        ValidateKeyPart($"{path}:QueryStrings", policy.QueryStrings, header: false, errors);
        ValidateKeyPart($"{path}:Headers", policy.Headers, header: true, errors);
        ValidateKeyPart($"{path}:Cookies", policy.Cookies, header: false, errors);
    }

    private static void ValidateKeyPart(string path, KeyPartOptions part, bool header, List<string> errors)
    {
        if (!ConfigurationValues.TryParseKeyPart(part.Behavior, out var behavior))
        {
            errors.Add($"{path}:Behavior: '{part.Behavior}' must be none, all, allowList or allExcept.");
            return;
        }

        if (behavior is Core.Caching.KeyPartBehavior.AllowList or Core.Caching.KeyPartBehavior.AllExcept && part.Names.Count == 0)
        {
            errors.Add($"{path}:Names: {part.Behavior} needs at least one name.");
        }

        foreach (var n in part.Names)
        {
            if (string.IsNullOrEmpty(n) || (header ? !TokenPattern().IsMatch(n) : n.Any(c => char.IsControl(c) || c is '&' or '=' or ';')))
            {
                errors.Add($"{path}:Names: '{n}' is not a valid {(header ? "header" : "parameter")} name.");
            }
        }
    }

    private static void ValidateDistribution(
        string path, DistributionOptions distribution, HashSet<string> policies, Dictionary<string, string> aliases, List<string> errors)
    {
        if (distribution.Aliases.Count == 0)
        {
            errors.Add($"{path}:Aliases: at least one alternate domain name (or \"*\") is required.");
        }

        foreach (var alias in distribution.Aliases)
        {
            if (!IsValidAlias(alias))
            {
                errors.Add($"{path}:Aliases: '{alias}' is not a host name, a *.wildcard name or \"*\".");
            }
            else if (aliases.TryGetValue(alias, out var other))
            {
                errors.Add($"{path}:Aliases: '{alias}' is already used by distribution '{other}'.");
            }
            else
            {
                aliases[alias] = distribution.Id;
            }
        }

        if (distribution.DefaultRootObject is { } root && (root.Length == 0 || root.TrimStart('/').Length == 0 || root.Any(char.IsControl) || root.Contains('?')))
        {
            errors.Add($"{path}:DefaultRootObject: '{root}' must name an object such as index.html.");
        }

        var origins = new HashSet<string>(StringComparer.Ordinal);
        if (distribution.Origins.Count == 0)
        {
            errors.Add($"{path}:Origins: at least one origin is required.");
        }

        for (var i = 0; i < distribution.Origins.Count; i++)
        {
            var origin = distribution.Origins[i];
            var originPath = $"{path}:Origins:{i}";
            if (string.IsNullOrWhiteSpace(origin.Id))
            {
                errors.Add($"{originPath}:Id: required.");
            }
            else if (!origins.Add(origin.Id))
            {
                errors.Add($"{originPath}:Id: '{origin.Id}' is used twice.");
            }

            ValidateOrigin(originPath, origin, errors);
        }

        var targets = new HashSet<string>(origins, StringComparer.Ordinal);
        for (var i = 0; i < distribution.OriginGroups.Count; i++)
        {
            var group = distribution.OriginGroups[i];
            var groupPath = $"{path}:OriginGroups:{i}";
            if (string.IsNullOrWhiteSpace(group.Id))
            {
                errors.Add($"{groupPath}:Id: required.");
            }
            else if (!targets.Add(group.Id))
            {
                errors.Add($"{groupPath}:Id: '{group.Id}' is already an origin or group id.");
            }

            if (group.Members.Count < 2)
            {
                errors.Add($"{groupPath}:Members: an origin group needs a primary and at least one more origin.");
            }

            if (group.Members.Distinct(StringComparer.Ordinal).Count() != group.Members.Count)
            {
                errors.Add($"{groupPath}:Members: an origin appears twice.");
            }

            foreach (var member in group.Members)
            {
                if (!origins.Contains(member))
                {
                    errors.Add($"{groupPath}:Members: '{member}' is not an origin of this distribution.");
                }
            }

            foreach (var code in group.FailoverStatusCodes)
            {
                if (code is < 400 or > 599)
                {
                    errors.Add($"{groupPath}:FailoverStatusCodes: {code} is not a 4xx or 5xx status.");
                }
            }
        }

        if (distribution.DefaultCacheBehavior.PathPattern is { } p && p != "*")
        {
            errors.Add($"{path}:DefaultCacheBehavior:PathPattern: the default behaviour matches \"*\" and takes no other pattern.");
        }

        ValidateBehavior($"{path}:DefaultCacheBehavior", distribution.DefaultCacheBehavior, targets, policies, errors);
        var patterns = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < distribution.CacheBehaviors.Count; i++)
        {
            var behavior = distribution.CacheBehaviors[i];
            var behaviorPath = $"{path}:CacheBehaviors:{i}";
            if (string.IsNullOrEmpty(behavior.PathPattern) || behavior.PathPattern.Any(char.IsControl) || behavior.PathPattern.Length > 255)
            {
                errors.Add($"{behaviorPath}:PathPattern: required (up to 255 characters).");
            }
            else if (!patterns.Add(behavior.PathPattern.StartsWith('/') || behavior.PathPattern == "*" ? behavior.PathPattern : "/" + behavior.PathPattern))
            {
                errors.Add($"{behaviorPath}:PathPattern: '{behavior.PathPattern}' is used by an earlier behaviour.");
            }

            ValidateBehavior(behaviorPath, behavior, targets, policies, errors);
        }

        var codes = new HashSet<int>();
        for (var i = 0; i < distribution.CustomErrorResponses.Count; i++)
        {
            var custom = distribution.CustomErrorResponses[i];
            var customPath = $"{path}:CustomErrorResponses:{i}";
            if (custom.ErrorCode is < 400 or > 599)
            {
                errors.Add($"{customPath}:ErrorCode: {custom.ErrorCode} is not a 4xx or 5xx status.");
            }
            else if (!codes.Add(custom.ErrorCode))
            {
                errors.Add($"{customPath}:ErrorCode: {custom.ErrorCode} is configured twice.");
            }

            if (custom.ResponsePagePath is { } page && (!page.StartsWith('/') || page.Any(char.IsControl) || page.Contains('?')))
            {
                errors.Add($"{customPath}:ResponsePagePath: '{page}' must be a path starting with '/'.");
            }

            if (custom.ResponseCode is { } code && (code is < 200 or > 599 || custom.ResponsePagePath is null))
            {
                errors.Add($"{customPath}:ResponseCode: must be 200-599 and needs a ResponsePagePath.");
            }

            if (custom.ErrorCachingMinTtl is { } ttl && ttl < TimeSpan.Zero)
            {
                errors.Add($"{customPath}:ErrorCachingMinTtl: must not be negative.");
            }
        }
    }

    private static void ValidateOrigin(string path, OriginOptions origin, List<string> errors)
    {
        if (!ConfigurationValues.TryParseKind(origin.Kind, out var kind))
        {
            errors.Add($"{path}:Kind: '{origin.Kind}' must be s3 or http.");
        }

        if (!Uri.TryCreate(origin.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https") ||
            endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0 || endpoint.UserInfo.Length > 0)
        {
            errors.Add($"{path}:Endpoint: '{origin.Endpoint}' must be an absolute http:// or https:// URI without query or credentials.");
        }

        if (!ConfigurationValues.TryParseSigning(origin.SigningBehavior, out var signing))
        {
            errors.Add($"{path}:SigningBehavior: '{origin.SigningBehavior}' must be always, no-override or never.");
        }

        if (kind == OriginKind.S3)
        {
            if (string.IsNullOrEmpty(origin.Bucket) || !BucketPattern().IsMatch(origin.Bucket))
            {
                errors.Add($"{path}:Bucket: '{origin.Bucket}' is not a valid bucket name (3-63 of a-z, 0-9, '.', '-').");
            }

            if (string.IsNullOrWhiteSpace(origin.Region) || origin.Region.Any(c => char.IsWhiteSpace(c) || c == '/'))
            {
                errors.Add($"{path}:Region: '{origin.Region}' is not a region name.");
            }

            if (origin.AddressingStyle is not ("path" or "virtual"))
            {
                errors.Add($"{path}:AddressingStyle: '{origin.AddressingStyle}' must be path or virtual.");
            }

            if (signing != SigningBehavior.Never && (string.IsNullOrEmpty(origin.AccessKeyId) || string.IsNullOrEmpty(origin.SecretAccessKey)))
            {
                errors.Add($"{path}: an s3 origin that signs needs AccessKeyId and SecretAccessKey (or SigningBehavior never).");
            }
        }

        if (origin.OriginPath is { Length: > 0 } originPath && (!originPath.StartsWith('/') || originPath.EndsWith('/') || originPath.Contains('?')))
        {
            errors.Add($"{path}:OriginPath: '{originPath}' must start with '/' and not end with one.");
        }

        foreach (var (header, value) in origin.CustomHeaders)
        {
            if (!TokenPattern().IsMatch(header) || ForbiddenCustomHeaders.Contains(header) || header.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase) ||
                header.StartsWith("x-edge-", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{path}:CustomHeaders: '{header}' cannot be set as a custom origin header.");
            }

            if (value is null || value.Any(c => char.IsControl(c) && c != '\t'))
            {
                errors.Add($"{path}:CustomHeaders:{header}: the value contains control characters.");
            }
        }

        if (origin.ConnectTimeout <= TimeSpan.Zero || origin.ResponseTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{path}: ConnectTimeout and ResponseTimeout must be positive.");
        }

        if (origin.ConnectionAttempts is < 1 or > 10)
        {
            errors.Add($"{path}:ConnectionAttempts: must be 1-10 (got {origin.ConnectionAttempts}).");
        }

        var breaker = origin.CircuitBreaker;
        if (breaker.Enabled && (breaker.FailureRatio is <= 0 or > 1 || breaker.MinimumThroughput < 2 ||
            breaker.SamplingDuration < TimeSpan.FromMilliseconds(500) || breaker.BreakDuration < TimeSpan.FromMilliseconds(500)))
        {
            errors.Add($"{path}:CircuitBreaker: FailureRatio in (0, 1], MinimumThroughput >= 2, SamplingDuration and BreakDuration >= 0.5 s.");
        }
    }

    private static void ValidateBehavior(string path, CacheBehaviorOptions behavior, HashSet<string> targets, HashSet<string> policies, List<string> errors)
    {
        if (!targets.Contains(behavior.TargetOriginId ?? string.Empty))
        {
            errors.Add($"{path}:TargetOriginId: '{behavior.TargetOriginId}' is not an origin or origin group of this distribution.");
        }

        if (!policies.Contains(behavior.CachePolicy ?? string.Empty))
        {
            errors.Add($"{path}:CachePolicy: '{behavior.CachePolicy}' is not defined in Edge:CachePolicies (nor built in).");
        }

        if (!ConfigurationValues.TryParseViewerProtocol(behavior.ViewerProtocolPolicy, out _))
        {
            errors.Add($"{path}:ViewerProtocolPolicy: '{behavior.ViewerProtocolPolicy}' must be allow-all, redirect-to-https or https-only.");
        }

        if (behavior.HstsMaxAge is { } hsts && hsts <= TimeSpan.Zero)
        {
            errors.Add($"{path}:HstsMaxAge: must be positive (e.g. \"365.00:00:00\"), or left out for no Strict-Transport-Security.");
        }

        var methods = new HashSet<string>(behavior.AllowedMethods.Select(m => m.ToUpperInvariant()), StringComparer.Ordinal);
        var valid = methods.SetEquals(ConfigurationValues.CachedMethods) || methods.SetEquals(["GET", "HEAD", "OPTIONS"]) ||
            methods.SetEquals(ConfigurationValues.AllMethods);
        if (!valid)
        {
            errors.Add($"{path}:AllowedMethods: must be [GET, HEAD], [GET, HEAD, OPTIONS] or all of GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE.");
        }

        if (behavior.SpaFallbackDocument is { } document && (!document.StartsWith('/') || document.Contains('?')))
        {
            errors.Add($"{path}:SpaFallbackDocument: '{document}' must be a path starting with '/'.");
        }
    }

    private static bool IsValidAlias(string alias)
    {
        if (alias == "*")
        {
            return true;
        }

        var host = alias.StartsWith("*.", StringComparison.Ordinal) ? alias[2..] : alias;
        return host.Length is > 0 and <= 253 && HostPattern().IsMatch(host);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostPattern();
}
