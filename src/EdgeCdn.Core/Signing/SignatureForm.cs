namespace EdgeCdn.Core.Signing;

/// <summary>Where and how a request carries its signature.</summary>
public enum SignatureForm
{
    None,
    HeaderV4,
    QueryV4,
    HeaderV2,
    QueryV2,
}
