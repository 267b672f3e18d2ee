using System.Text;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Acls;
using EdgeCdn.Origin.Auth;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Objects;
using EdgeCdn.Origin.Pipeline;
using EdgeCdn.Origin.Policies;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Buckets;

/// <summary>ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation.</summary>
internal sealed class BucketHandler
{
    private readonly ObjectStore _store;
    private readonly OriginOptions _options;

    public BucketHandler(ObjectStore store, IOptions<OriginOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    public Task ListBucketsAsync(S3Context context)
    {
        RequireAccountUser(context);
        var query = context.Request.Query;
        var prefix = query.Get("prefix") ?? string.Empty;
        var maxBuckets = ListingParameters.ParseMax(query.Get("max-buckets"), "max-buckets", 10_000);
        var after = query.Get("continuation-token") is { Length: > 0 } token ? ListingParameters.DecodeToken(token) : null;
        var visible = _store.ListBuckets(context.Principal.IsAdministrator ? null : context.Principal.UserName)
            .Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal) && (after is null || string.CompareOrdinal(b.Name, after) > 0))
            .ToList();
        var page = visible.Take(maxBuckets).ToList();
        var truncated = visible.Count > page.Count;
        return XmlResponse.WriteAsync(context.Response, "ListAllMyBucketsResult", w =>
        {
            w.WriteStartElement("Owner");
            XmlResponse.Element(w, "ID", context.Principal.CanonicalId);
            XmlResponse.Element(w, "DisplayName", context.Principal.UserName);
            w.WriteEndElement();
            w.WriteStartElement("Buckets");
            foreach (var bucket in page)
            {
                w.WriteStartElement("Bucket");
                XmlResponse.Element(w, "Name", bucket.Name);
                XmlResponse.Element(w, "CreationDate", bucket.CreatedAt);
                XmlResponse.Element(w, "BucketRegion", bucket.Region);
                w.WriteEndElement();
            }

            w.WriteEndElement();
            if (truncated)
            {
                XmlResponse.Element(w, "ContinuationToken", ListingParameters.EncodeToken(page[^1].Name));
            }

            if (prefix.Length > 0)
            {
                XmlResponse.Element(w, "Prefix", prefix);
            }
        });
    }

    public async Task CreateBucketAsync(S3Context context)
    {
        RequireAccountUser(context);
        var name = context.Bucket;
        if (BucketNameRules.Check(name) is { } problem)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidBucketName, problem, S3Exception.Detail("BucketName", name));
        }

        if (context.Header("x-amz-bucket-object-lock-enabled").Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            throw new S3Exception(S3ErrorCatalog.NotImplemented, "Object Lock is not implemented by this server.");
        }

        var ownership = context.Header("x-amz-object-ownership") is { Length: > 0 } requested ? requested : ObjectOwnership.BucketOwnerEnforced;
        if (!ObjectOwnership.IsValid(ownership))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Invalid x-amz-object-ownership header",
                S3Exception.Detail("ArgumentName", "x-amz-object-ownership"), S3Exception.Detail("ArgumentValue", ownership));
        }

        var ownerId = OriginPrincipal.CanonicalIdOf(context.Principal.UserName);
        var acl = AclRequest.FromHeaders(context.HttpRequest.Headers, ownerId, forObject: false);
        if (acl is not null && ownership == ObjectOwnership.BucketOwnerEnforced && !acl.OnlyOwner(ownerId))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidBucketAclWithObjectOwnership);
        }

        if (acl is { IsPublic: true })
        {
            // New buckets block public access, as in S3.
            throw new S3Exception(S3ErrorCatalog.AccessDenied, "Access Denied: new buckets block public ACLs (Block Public Access).");
        }

        var payload = Payload.RequestPayload.Open(context.HttpRequest, context.Signature, _options.MaxXmlBodyBytes, requireLength: false);
        var body = await payload.ReadSmallAsync(_options.MaxXmlBodyBytes, context.Aborted).ConfigureAwait(false);
        if (body.Length > 0 && !IsWhitespace(body))
        {
            var configuration = RequestXml.Parse(body, "CreateBucketConfiguration");
            var location = RequestXml.Value(configuration, "LocationConstraint");
            if (!string.IsNullOrEmpty(location) && location != _options.Region && !(location == "US" && _options.Region == "us-east-1"))
            {
                throw new S3Exception(S3ErrorCatalog.InvalidLocationConstraint,
                    $"The specified location-constraint is not valid: this endpoint creates buckets in '{_options.Region}'.",
                    S3Exception.Detail("LocationConstraint", location));
            }
        }

        // S3's defaults for new buckets: Block Public Access on, ACLs disabled (unless asked otherwise); SSE-S3 needs no
        // document, it is what every bucket does.
        var settings = BucketSettings.Empty
            .With(BucketSettings.PublicAccessBlock, PublicAccessBlock.All.ToXml())
            .With(BucketSettings.OwnershipControls, ownership)
            .With(BucketSettings.Acl, acl?.Serialize());
        var outcome = await _store.CreateBucketAsync(new BucketRecord(name, context.Principal.UserName, _options.Region, context.Now) { Settings = settings }, context.Aborted)
            .ConfigureAwait(false);
        switch (outcome)
        {
            case CreateBucketOutcome.AlreadyOwnedByYou:
                throw new S3Exception(S3ErrorCatalog.BucketAlreadyOwnedByYou, null, S3Exception.Detail("BucketName", name));
            case CreateBucketOutcome.AlreadyExists:
                throw new S3Exception(S3ErrorCatalog.BucketAlreadyExists, null, S3Exception.Detail("BucketName", name));
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.Location = "/" + name;
        context.Response.ContentLength = 0;
    }

    public Task HeadBucketAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers["x-amz-bucket-region"] = bucket.Region;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    public async Task DeleteBucketAsync(S3Context context)
    {
        BucketAccess.Require(_store, context);
        await _store.DeleteBucketAsync(context.Bucket, context.Aborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public Task GetBucketLocationAsync(S3Context context)
    {
        var bucket = BucketAccess.Require(_store, context);
        return XmlResponse.WriteAsync(context.Response, "LocationConstraint", w =>
        {
            // us-east-1 is the empty location constraint, as in S3.
            if (bucket.Region != "us-east-1")
            {
                w.WriteString(bucket.Region);
            }
        });
    }

    /// <summary>Creating and listing buckets is for users of the account: not anonymous callers, not service identities.</summary>
    private static void RequireAccountUser(S3Context context)
    {
        if (!context.Principal.IsAccountUser)
        {
            throw new S3Exception(S3ErrorCatalog.AccessDenied);
        }
    }

    private static bool IsWhitespace(byte[] body) => Encoding.UTF8.GetString(body).Trim().Length == 0;
}
