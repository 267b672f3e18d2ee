using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeCdn.Acme.Challenges;
using EdgeCdn.Acme.Protocol;
using EdgeCdn.Acme.Renewal;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Acme;

/// <summary>Checks the whole <c>Acme</c> section at start and reports every problem at once.</summary>
internal sealed class AcmeOptionsValidator : IValidateOptions<AcmeOptions>
{
    public ValidateOptionsResult Validate(string? name, AcmeOptions options)
    {
        var errors = new List<string>();
        void Error(string message) => errors.Add($"{AcmeOptions.SectionName}:{message}");

        if (options.DirectoryUrl is not { IsAbsoluteUri: true } url)
        {
            Error("DirectoryUrl must be an absolute URL (the CA's ACME directory).");
        }
        else if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        {
            Error($"DirectoryUrl must be https (got {url}); plain http is accepted for a loopback test CA only.");
        }

        if (options.Enabled && !options.TermsOfServiceAgreed)
        {
            Error("TermsOfServiceAgreed must be true: registering an ACME account means agreeing to the CA's terms of service (read them first).");
        }

        if (!string.IsNullOrWhiteSpace(options.Email))
        {
            var email = options.Email.Trim();
            var at = email.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1 || email.Any(c => char.IsWhiteSpace(c) || c is ',' or '<' or '>')
                || email.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                Error($"Email '{email}' is not a plain e-mail address (write it without 'mailto:').");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in options.ChallengeTypes)
        {
            if (!seen.Add(type))
            {
                Error($"ChallengeTypes lists '{type}' twice.");
            }
            else if (type == ChallengeTypes.Dns01)
            {
                Error("ChallengeTypes: dns-01 needs a DNS provider hook, which this edge does not have; use http-01 and/or tls-alpn-01.");
            }
            else if (!ChallengeTypes.IsSupported(type))
            {
                Error($"ChallengeTypes: unknown challenge type '{type}' (supported: {ChallengeTypes.Http01}, {ChallengeTypes.TlsAlpn01}).");
            }
        }

        if (!Enum.IsDefined(options.KeyType))
        {
            Error($"KeyType '{options.KeyType}' is not one of {string.Join(", ", Enum.GetNames<CertificateKeyType>())}.");
        }

        if (options.RenewBeforeExpiry <= TimeSpan.Zero)
        {
            Error("RenewBeforeExpiry must be positive (e.g. 30.00:00:00).");
        }

        if (!(options.RenewWhenLifetimeFractionRemains is > 0 and < 1))
        {
            Error("RenewWhenLifetimeFractionRemains must be between 0 and 1 (e.g. 0.3333).");
        }

        if (options.RetryMinDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryMinDelay)
        {
            Error("RetryMinDelay must be positive and RetryMaxDelay at least RetryMinDelay.");
        }

        if (options.CheckInterval <= TimeSpan.Zero)
        {
            Error("CheckInterval must be positive.");
        }

        if (!string.IsNullOrEmpty(options.TrustedRootsPath))
        {
            try
            {
                var roots = new X509Certificate2Collection();
                roots.ImportFromPemFile(options.TrustedRootsPath);
                if (roots.Count == 0)
                {
                    Error($"TrustedRootsPath '{options.TrustedRootsPath}' holds no PEM certificate.");
                }

                foreach (var root in roots)
                {
                    root.Dispose();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                Error($"TrustedRootsPath '{options.TrustedRootsPath}' cannot be read: {ex.Message}");
            }
        }

        var hasKeyId = !string.IsNullOrWhiteSpace(options.ExternalAccountKeyId);
        var hasHmac = !string.IsNullOrWhiteSpace(options.ExternalAccountHmacKey);
        if (hasKeyId != hasHmac)
        {
            Error("ExternalAccountKeyId and ExternalAccountHmacKey go together: set both (external account binding) or neither.");
        }
        else if (hasHmac && !IsBase64Url(options.ExternalAccountHmacKey!.Trim()))
        {
            // Never echo the key itself.
            Error("ExternalAccountHmacKey is not base64url (as CAs hand it out: letters, digits, '-', '_', no padding).");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            Error("DataDirectory must be set (the account key and certificates are kept there).");
        }

        for (var i = 0; i < options.Certificates.Count; i++)
        {
            var set = DnsNames.NormalizeSet(options.Certificates[i].Names);
            if (CertificateRegistry.Check(set) is { } problem)
            {
                Error($"Certificates:{i}:Names: {problem}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsBase64Url(string value)
    {
        if (value.Length == 0 || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return false;
        }

        return Base64Url.IsValid(value.AsSpan());
    }
}
