namespace EdgeCdn.Acme.Protocol;

/// <summary>A successful answer from the CA: status, the headers the protocol uses, and the body.</summary>
internal sealed record AcmeResponse(int StatusCode, string? Location, TimeSpan? RetryAfter, byte[] Body);
