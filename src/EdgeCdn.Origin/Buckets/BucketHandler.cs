using System.Text;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Objects;
using EdgeCdn.Origin.Pipeline;
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
        var name = context.Bucket;
        if (BucketNameRules.Check(name) is { } problem)
        {
            throw new S3Exception(S3ErrorCatalog.InvalidBucketName, problem, S3Exception.Detail("BucketName", name));
        }

        if (context.Header("x-amz-bucket-object-lock-enabled").Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            throw new S3Exception(S3ErrorCatalog.NotImplemented, "Object Lock is not implemented by this server.");
        }

        ObjectHeaderRules.RejectUnsupportedAcl(context.Header("x-amz-acl"));
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

        var outcome = await _store.CreateBucketAsync(new BucketRecord(name, context.Principal.UserName, _options.Region, context.Now), context.Aborted)
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

    private static bool IsWhitespace(byte[] body) => Encoding.UTF8.GetString(body).Trim().Length == 0;
}
