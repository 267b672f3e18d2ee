using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Routing;

namespace EdgeCdn.Origin.Tests.Routing;

public sealed class S3RequestParserTests
{
    [Theory]
    [InlineData("GET", "/", "127.0.0.1:9000", null, null, "ListBuckets")]
    [InlineData("PUT", "/photos", "127.0.0.1:9000", "photos", null, "CreateBucket")]
    [InlineData("PUT", "/photos/", "127.0.0.1:9000", "photos", null, "CreateBucket")]
    [InlineData("GET", "/photos/2026/a%20b.jpg", "127.0.0.1:9000", "photos", "2026/a b.jpg", "GetObject")]
    [InlineData("GET", "/2026/a.jpg", "photos.s3.localhost:9000", "photos", "2026/a.jpg", "GetObject")]
    [InlineData("GET", "/", "Photos.S3.LocalHost", "photos", null, "ListObjects")]
    [InlineData("GET", "/?list-type=2", "my.dotted.bucket.s3.localhost", "my.dotted.bucket", null, "ListObjectsV2")]
    [InlineData("GET", "/", "s3.localhost:9000", null, null, "ListBuckets")]
    [InlineData("GET", "http://127.0.0.1:9000/b/k?x=1", "127.0.0.1:9000", "b", "k", "GetObject")]
    [InlineData("GET", "/b/a+b", "127.0.0.1", "b", "a+b", "GetObject")]
    public void Parse_AddressingStyles(string method, string target, string host, string? bucket, string? key, string operation)
    {
        var request = S3RequestParser.Parse(method, target, host, "s3.localhost", hasCopySource: false);

        Assert.Equal(bucket, request.Bucket);
        Assert.Equal(key, request.Key);
        Assert.Equal(operation, request.Operation.ToString());
        Assert.Null(request.KeyError);
    }

    [Theory]
    [InlineData("/b/%FF", "InvalidURI")]
    [InlineData("/b/%C0%AF", "InvalidURI")]
    [InlineData("/b/a%00", "InvalidURI")]
    public void Parse_UnrepresentableKeys_DeferredError(string target, string code)
    {
        var request = S3RequestParser.Parse("GET", target, "127.0.0.1", "s3.localhost", false);

        Assert.Equal(code, request.KeyError?.Code);
    }

    [Fact]
    public void DecodeKey_LengthCountsUtf8Bytes()
    {
        Assert.Equal(1024, System.Text.Encoding.UTF8.GetByteCount(S3RequestParser.DecodeKey(string.Concat(Enumerable.Repeat("%C3%A9", 512)))));
        var error = Assert.Throws<S3Exception>(() => S3RequestParser.DecodeKey(string.Concat(Enumerable.Repeat("é", 512)) + "x"));
        Assert.Equal("KeyTooLongError", error.Code);
    }

    [Theory]
    [InlineData("GET", "logging", false, "GetBucketLogging")]
    [InlineData("PUT", "replication", false, "PutBucketReplication")]
    [InlineData("DELETE", "versioning", false, "DeleteBucketVersioning")]
    [InlineData("GET", "object-lock", false, "GetObjectLockConfiguration")]
    [InlineData("POST", "", false, "PostObject")]
    [InlineData("GET", "attributes", true, "GetObjectAttributes")]
    [InlineData("PUT", "retention", true, "PutObjectRetention")]
    [InlineData("POST", "select", true, "SelectObjectContent")]
    public void Resolve_UnimplementedSubresources_AreNamed(string method, string subresource, bool onObject, string name)
    {
        var query = QueryParameters.Parse(subresource);

        var (operation, resolvedName) = OperationResolver.Resolve(method, hasBucket: true, hasKey: onObject, query, hasCopySource: false);

        Assert.Equal(S3Operation.NotImplemented, operation);
        Assert.Equal(name, resolvedName);
    }

    [Theory]
    [InlineData("PUT", "uploadId=u&partNumber=1", true, false, "UploadPart")]
    [InlineData("PUT", "uploadId=u&partNumber=1", true, true, "UploadPartCopy")]
    [InlineData("PUT", "", true, true, "CopyObject")]
    [InlineData("POST", "uploads", true, false, "CreateMultipartUpload")]
    [InlineData("POST", "uploadId=u", true, false, "CompleteMultipartUpload")]
    [InlineData("DELETE", "uploadId=u", true, false, "AbortMultipartUpload")]
    [InlineData("GET", "uploadId=u", true, false, "ListParts")]
    [InlineData("GET", "uploads", false, false, "ListMultipartUploads")]
    [InlineData("POST", "delete", false, false, "DeleteObjects")]
    [InlineData("GET", "location", false, false, "GetBucketLocation")]
    [InlineData("HEAD", "", false, false, "HeadBucket")]
    [InlineData("PATCH", "", true, false, "MethodNotAllowed")]
    [InlineData("GET", "policy", false, false, "GetBucketPolicy")]
    [InlineData("GET", "policyStatus", false, false, "GetBucketPolicyStatus")]
    [InlineData("PUT", "versioning", false, false, "PutBucketVersioning")]
    [InlineData("DELETE", "cors", false, false, "DeleteBucketCors")]
    [InlineData("GET", "versions", false, false, "ListObjectVersions")]
    [InlineData("PUT", "lifecycle", false, false, "PutBucketLifecycleConfiguration")]
    [InlineData("DELETE", "lifecycle", false, false, "DeleteBucketLifecycle")]
    [InlineData("GET", "website", false, false, "GetBucketWebsite")]
    [InlineData("PUT", "publicAccessBlock", false, false, "PutPublicAccessBlock")]
    [InlineData("PUT", "ownershipControls", false, false, "PutBucketOwnershipControls")]
    [InlineData("GET", "encryption", false, false, "GetBucketEncryption")]
    [InlineData("GET", "acl", false, false, "GetBucketAcl")]
    [InlineData("GET", "tagging", true, false, "GetObjectTagging")]
    [InlineData("PUT", "acl", true, false, "PutObjectAcl")]
    [InlineData("POST", "restore", true, false, "RestoreObject")]
    [InlineData("OPTIONS", "", true, false, "CorsPreflight")]
    [InlineData("OPTIONS", "", false, false, "CorsPreflight")]
    public void Resolve_ImplementedOperations(string method, string query, bool hasKey, bool copy, string expected)
    {
        Assert.Equal(expected, OperationResolver.Resolve(method, true, hasKey, QueryParameters.Parse(query), copy).Operation.ToString());
    }
}
