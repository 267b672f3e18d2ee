namespace EdgeCdn.TestCommon;

/// <summary>How to start pebble (Let's Encrypt's test CA) for one test.</summary>
public sealed class PebbleOptions
{
    /// <summary>PEBBLE_WFE_NONCEREJECT: percentage of valid nonces rejected as badNonce (0 by default here).</summary>
    public int NonceRejectPercent { get; init; }

    /// <summary>certificateValidityPeriod in seconds (pebble's default: 5 years).</summary>
    public int? CertificateValidityPeriodSeconds { get; init; }

    /// <summary>When set, external account binding is required and these key ids map to base64url MAC keys.</summary>
    public IReadOnlyDictionary<string, string>? ExternalAccountMacKeys { get; init; }

    /// <summary>PEBBLE_VA_ALWAYS_VALID: skips validation. Only for order-flow tests, never for challenge tests.</summary>
    public bool AlwaysValid { get; init; }
}
