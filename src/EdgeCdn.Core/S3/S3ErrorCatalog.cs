using System.Collections.Frozen;

namespace EdgeCdn.Core.S3;

/// <summary>
/// The S3 error codes EdgeCdn sends or understands, with the status and message AWS uses for them
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
/// </summary>
public static class S3ErrorCatalog
{
    public static readonly S3ErrorDefinition AccessControlListNotSupported = new("AccessControlListNotSupported", 400, "The bucket does not allow ACLs");
    public static readonly S3ErrorDefinition AccessForbidden = new("AccessForbidden", 403, "CORSResponse: This CORS request is not allowed.");
    public static readonly S3ErrorDefinition BadRequest = new("BadRequest", 400, "Insufficient information. Origin request header needed.");
    public static readonly S3ErrorDefinition IllegalVersioningConfigurationException = new("IllegalVersioningConfigurationException", 400,
        "The Versioning element must be specified");
    public static readonly S3ErrorDefinition InvalidBucketAclWithObjectOwnership = new("InvalidBucketAclWithObjectOwnership", 400,
        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
    public static readonly S3ErrorDefinition InvalidEncryptionAlgorithmError = new("InvalidEncryptionAlgorithmError", 400,
        "The encryption request you specified is not valid. The valid value is AES256.");
    public static readonly S3ErrorDefinition InvalidObjectState = new("InvalidObjectState", 403, "The operation is not valid for the object's storage class");
    public static readonly S3ErrorDefinition InvalidRedirectLocation = new("InvalidRedirectLocation", 400,
        "The website redirect location must have a prefix of 'http://' or 'https://' or '/'.");
    public static readonly S3ErrorDefinition InvalidStorageClass = new("InvalidStorageClass", 400, "The storage class you specified is not valid");
    public static readonly S3ErrorDefinition InvalidTag = new("InvalidTag", 400, "The tag provided was not a valid tag.");
    public static readonly S3ErrorDefinition MalformedPolicy = new("MalformedPolicy", 400, "Policies must be valid JSON and the first byte must be '{'");
    public static readonly S3ErrorDefinition NoSuchBucketPolicy = new("NoSuchBucketPolicy", 404, "The bucket policy does not exist");
    public static readonly S3ErrorDefinition NoSuchCORSConfiguration = new("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist");
    public static readonly S3ErrorDefinition NoSuchLifecycleConfiguration = new("NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist");
    public static readonly S3ErrorDefinition NoSuchPublicAccessBlockConfiguration = new("NoSuchPublicAccessBlockConfiguration", 404,
        "The public access block configuration was not found");
    public static readonly S3ErrorDefinition NoSuchTagSet = new("NoSuchTagSet", 404, "The TagSet does not exist");
    public static readonly S3ErrorDefinition NoSuchVersion = new("NoSuchVersion", 404, "The specified version does not exist.");
    public static readonly S3ErrorDefinition NoSuchWebsiteConfiguration = new("NoSuchWebsiteConfiguration", 404,
        "The specified bucket does not have a website configuration");
    public static readonly S3ErrorDefinition ServerSideEncryptionConfigurationNotFoundError = new("ServerSideEncryptionConfigurationNotFoundError", 404,
        "The server side encryption configuration was not found");
    public static readonly S3ErrorDefinition OwnershipControlsNotFoundError = new("OwnershipControlsNotFoundError", 404, "The bucket ownership controls were not found");
    public static readonly S3ErrorDefinition RestoreAlreadyInProgress = new("RestoreAlreadyInProgress", 409, "Object restore is already in progress");
    public static readonly S3ErrorDefinition AccessDenied = new("AccessDenied", 403, "Access Denied");
    public static readonly S3ErrorDefinition AuthorizationHeaderMalformed = new("AuthorizationHeaderMalformed", 400, "The authorization header you provided is invalid.");
    public static readonly S3ErrorDefinition AuthorizationQueryParametersError = new("AuthorizationQueryParametersError", 400, "The authorization query parameters are invalid.");
    public static readonly S3ErrorDefinition BadDigest = new("BadDigest", 400, "The Content-MD5 you specified did not match what we received.");
    public static readonly S3ErrorDefinition BucketAlreadyExists = new("BucketAlreadyExists", 409,
        "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.");
    public static readonly S3ErrorDefinition BucketAlreadyOwnedByYou = new("BucketAlreadyOwnedByYou", 409,
        "Your previous request to create the named bucket succeeded and you already own it.");
    public static readonly S3ErrorDefinition BucketNotEmpty = new("BucketNotEmpty", 409, "The bucket you tried to delete is not empty");
    public static readonly S3ErrorDefinition EntityTooLarge = new("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed object size.");
    public static readonly S3ErrorDefinition EntityTooSmall = new("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size.");
    public static readonly S3ErrorDefinition IncompleteBody = new("IncompleteBody", 400, "You did not provide the number of bytes specified by the Content-Length HTTP header.");
    public static readonly S3ErrorDefinition InternalError = new("InternalError", 500, "We encountered an internal error. Please try again.");
    public static readonly S3ErrorDefinition InvalidAccessKeyId = new("InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records.");
    public static readonly S3ErrorDefinition InvalidArgument = new("InvalidArgument", 400, "Invalid Argument");
    public static readonly S3ErrorDefinition InvalidBucketName = new("InvalidBucketName", 400, "The specified bucket is not valid.");
    public static readonly S3ErrorDefinition InvalidDigest = new("InvalidDigest", 400, "The Content-MD5 you specified is not valid.");
    public static readonly S3ErrorDefinition InvalidLocationConstraint = new("InvalidLocationConstraint", 400, "The specified location constraint is not valid.");
    public static readonly S3ErrorDefinition InvalidPart = new("InvalidPart", 400,
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.");
    public static readonly S3ErrorDefinition InvalidPartNumber = new("InvalidPartNumber", 416, "The requested partnumber is not satisfiable");
    public static readonly S3ErrorDefinition InvalidPartOrder = new("InvalidPartOrder", 400,
        "The list of parts was not in ascending order. The parts list must be specified in order by part number.");
    public static readonly S3ErrorDefinition InvalidRange = new("InvalidRange", 416, "The requested range is not satisfiable");
    public static readonly S3ErrorDefinition InvalidRequest = new("InvalidRequest", 400, "Invalid Request");
    public static readonly S3ErrorDefinition InvalidURI = new("InvalidURI", 400, "Couldn't parse the specified URI.");
    public static readonly S3ErrorDefinition KeyTooLongError = new("KeyTooLongError", 400, "Your key is too long");
    public static readonly S3ErrorDefinition MalformedXML = new("MalformedXML", 400,
        "The XML you provided was not well-formed or did not validate against our published schema");
    public static readonly S3ErrorDefinition MaxMessageLengthExceeded = new("MaxMessageLengthExceeded", 400, "Your request was too big.");
    public static readonly S3ErrorDefinition MetadataTooLarge = new("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size");
    public static readonly S3ErrorDefinition MethodNotAllowed = new("MethodNotAllowed", 405, "The specified method is not allowed against this resource.");
    public static readonly S3ErrorDefinition MissingContentLength = new("MissingContentLength", 411, "You must provide the Content-Length HTTP header.");
    public static readonly S3ErrorDefinition NoSuchBucket = new("NoSuchBucket", 404, "The specified bucket does not exist");
    public static readonly S3ErrorDefinition NoSuchKey = new("NoSuchKey", 404, "The specified key does not exist.");
    public static readonly S3ErrorDefinition NoSuchUpload = new("NoSuchUpload", 404,
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");
    public static readonly S3ErrorDefinition NotImplemented = new("NotImplemented", 501, "A header you provided implies functionality that is not implemented.");
    public static readonly S3ErrorDefinition NotModified = new("NotModified", 304, "Not Modified");
    public static readonly S3ErrorDefinition PreconditionFailed = new("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold");
    public static readonly S3ErrorDefinition RequestTimeTooSkewed = new("RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large.");
    public static readonly S3ErrorDefinition SignatureDoesNotMatch = new("SignatureDoesNotMatch", 403,
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    public static readonly S3ErrorDefinition ServiceUnavailable = new("ServiceUnavailable", 503, "Please reduce your request rate.");
    public static readonly S3ErrorDefinition XAmzContentSHA256Mismatch = new("XAmzContentSHA256Mismatch", 400,
        "The provided 'x-amz-content-sha256' header does not match what was computed.");

    private static readonly FrozenDictionary<string, S3ErrorDefinition> ByCode = new[]
    {
        AccessDenied, AuthorizationHeaderMalformed, AuthorizationQueryParametersError, BadDigest, BucketAlreadyExists,
        BucketAlreadyOwnedByYou, BucketNotEmpty, EntityTooLarge, EntityTooSmall, IncompleteBody, InternalError,
        InvalidAccessKeyId, InvalidArgument, InvalidBucketName, InvalidDigest, InvalidLocationConstraint, InvalidPart,
        InvalidPartNumber, InvalidPartOrder, InvalidRange, InvalidRequest, InvalidURI, KeyTooLongError, MalformedXML,
        MaxMessageLengthExceeded, MetadataTooLarge, MethodNotAllowed, MissingContentLength, NoSuchBucket, NoSuchKey,
        NoSuchUpload, NotImplemented, NotModified, PreconditionFailed, RequestTimeTooSkewed, SignatureDoesNotMatch,
        ServiceUnavailable, XAmzContentSHA256Mismatch, AccessControlListNotSupported, AccessForbidden, BadRequest,
        IllegalVersioningConfigurationException, InvalidBucketAclWithObjectOwnership, InvalidEncryptionAlgorithmError, InvalidObjectState,
        InvalidRedirectLocation, InvalidStorageClass, InvalidTag, MalformedPolicy, NoSuchBucketPolicy, NoSuchCORSConfiguration,
        NoSuchLifecycleConfiguration, NoSuchPublicAccessBlockConfiguration, NoSuchTagSet, NoSuchVersion, NoSuchWebsiteConfiguration,
        OwnershipControlsNotFoundError, RestoreAlreadyInProgress, ServerSideEncryptionConfigurationNotFoundError,
    }.ToFrozenDictionary(d => d.Code, StringComparer.Ordinal);

    /// <summary>The definition of <paramref name="code"/>; unknown codes get status 400 (or 500 for InternalError-like codes).</summary>
    public static S3ErrorDefinition Get(string code) =>
        ByCode.TryGetValue(code, out var definition) ? definition : new S3ErrorDefinition(code, 400, code);

    public static bool TryGet(string code, out S3ErrorDefinition definition) =>
        ByCode.TryGetValue(code, out definition!);
}
