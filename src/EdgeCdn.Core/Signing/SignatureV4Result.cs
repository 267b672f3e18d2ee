namespace EdgeCdn.Core.Signing;

/// <summary>What signing produced: the header values to send, and the intermediate strings for diagnosis.</summary>
public sealed record SignatureV4Result(
    string Authorization,
    string AmzDate,
    string Signature,
    string SignedHeaders,
    string Scope,
    string CanonicalRequest,
    string StringToSign);
