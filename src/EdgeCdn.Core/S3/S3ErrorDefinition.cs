namespace EdgeCdn.Core.S3;

/// <summary>One S3 error code with the HTTP status AWS answers it with and its usual message.</summary>
public sealed record S3ErrorDefinition(string Code, int StatusCode, string Message);
