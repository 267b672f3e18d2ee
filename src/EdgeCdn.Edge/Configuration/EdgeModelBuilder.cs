using System.Text;
using EdgeCdn.Core.Routing;
using EdgeCdn.Core.Signing;
using EdgeCdn.Edge.Routing;

namespace EdgeCdn.Edge.Configuration;

/// <summary>Compiles validated <see cref="EdgeOptions"/> into the <see cref="EdgeModel"/> the request path uses.</summary>
internal static class EdgeModelBuilder
{
    public static EdgeModel Build(EdgeOptions options)
    {
        var policies = new Dictionary<string, CachePolicy>(StringComparer.Ordinal)
        {
            [BuiltInPolicies.CachingOptimized] = CachePolicy.Compile(BuiltInPolicies.CachingOptimized, BuiltInPolicies.Optimized()),
            [BuiltInPolicies.CachingDisabled] = CachePolicy.Compile(BuiltInPolicies.CachingDisabled, BuiltInPolicies.Disabled()),
        };
        foreach (var (name, policy) in options.CachePolicies)
        {
            policies[name] = CachePolicy.Compile(name, policy);
        }

        var distributions = new List<Distribution>();
        var allOrigins = new List<OriginEndpoint>();
        foreach (var d in options.Distributions)
        {
            var origins = new Dictionary<string, OriginEndpoint>(StringComparer.Ordinal);
            foreach (var o in d.Origins)
            {
                var origin = BuildOrigin(o);
                origins[o.Id] = origin;
                allOrigins.Add(origin);
            }

            var targets = new Dictionary<string, OriginTarget>(StringComparer.Ordinal);
            foreach (var (id, origin) in origins)
            {
                targets[id] = new OriginTarget { Id = id, Members = [origin], FailoverStatusCodes = [] };
            }

            foreach (var g in d.OriginGroups)
            {
                targets[g.Id] = new OriginTarget
                {
                    Id = g.Id,
                    Members = [.. g.Members.Select(m => origins[m])],
                    FailoverStatusCodes = [.. g.FailoverStatusCodes],
                };
            }

            var spaDefault = d.DefaultRootObject is null ? "/index.html" : "/" + d.DefaultRootObject.TrimStart('/');
            CacheBehavior Compile(CacheBehaviorOptions b, string pattern)
            {
                _ = ConfigurationValues.TryParseViewerProtocol(b.ViewerProtocolPolicy, out var viewerProtocol);
                var pass = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var method in b.AllowedMethods)
                {
                    if (!method.Equals("GET", StringComparison.OrdinalIgnoreCase) && !method.Equals("HEAD", StringComparison.OrdinalIgnoreCase))
                    {
                        pass.Add(method.ToUpperInvariant());
                    }
                }

                return new CacheBehavior
                {
                    Pattern = new PathPattern(pattern),
                    Target = targets[b.TargetOriginId],
                    Policy = policies[b.CachePolicy],
                    ViewerProtocolPolicy = viewerProtocol,
                    Hsts = b.HstsMaxAge is { } maxAge ? new EdgeCdn.Acme.ViewerProtocol.HstsSettings(maxAge, b.HstsIncludeSubDomains, b.HstsPreload) : null,
                    PassMethods = pass,
                    Compress = b.Compress,
                    SpaFallback = b.SpaFallback,
                    SpaDocument = b.SpaFallbackDocument ?? spaDefault,
                };
            }

            var behaviors = d.CacheBehaviors.Select(b => Compile(b, b.PathPattern!)).ToArray();
            var customErrors = d.CustomErrorResponses.Select(c => new CustomErrorResponse
            {
                ErrorCode = c.ErrorCode,
                ResponsePagePath = c.ResponsePagePath,
                ResponseCode = c.ResponseCode,
                ErrorCachingMinTtl = c.ErrorCachingMinTtl,
            });
            distributions.Add(new Distribution(d.Id, d.Aliases, d.DefaultRootObject, behaviors, Compile(d.DefaultCacheBehavior, "*"), customErrors));
        }

        return new EdgeModel
        {
            Node = options.Node,
            Cache = options.Cache,
            Distributions = distributions,
            Resolver = new DistributionResolver(distributions),
            Origins = allOrigins,
            AdminToken = string.IsNullOrEmpty(options.AdminToken) ? null : Encoding.UTF8.GetBytes(options.AdminToken),
            ViaValue = $"1.1 {options.Node.Name} (edgecdn)",
        };
    }

    private static OriginEndpoint BuildOrigin(OriginOptions o)
    {
        _ = ConfigurationValues.TryParseKind(o.Kind, out var kind);
        _ = ConfigurationValues.TryParseSigning(o.SigningBehavior, out var signing);
        var endpoint = new Uri(o.Endpoint);
        var host = endpoint.IdnHost;
        var prefix = endpoint.AbsolutePath.TrimEnd('/');
        if (kind == OriginKind.S3)
        {
            if (o.AddressingStyle == "virtual")
            {
                host = o.Bucket + "." + host;
            }
            else
            {
                prefix += "/" + o.Bucket;
            }
        }
        else if (!string.IsNullOrEmpty(o.OriginPath))
        {
            prefix += o.OriginPath;
        }

        var authority = endpoint.IsDefaultPort ? $"{endpoint.Scheme}://{host}" : $"{endpoint.Scheme}://{host}:{endpoint.Port}";
        SigV4Signer? signer = null;
        if (kind == OriginKind.S3 && signing != SigningBehavior.Never)
        {
            signer = new SigV4Signer(new AwsCredential(o.AccessKeyId!, o.SecretAccessKey!, o.SessionToken), o.Region, "s3");
        }

        return new OriginEndpoint
        {
            Id = o.Id,
            Kind = kind,
            Authority = authority,
            PathPrefix = prefix,
            Signer = signer,
            SigningBehavior = kind == OriginKind.S3 ? signing : SigningBehavior.Never,
            CustomHeaders = [.. o.CustomHeaders],
            Options = o,
        };
    }
}
