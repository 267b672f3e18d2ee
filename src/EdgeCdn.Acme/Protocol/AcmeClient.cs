using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EdgeCdn.Acme.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Acme.Protocol;

/// <summary>
/// The account and the resources of RFC 8555: registers the account once (key created and persisted before the first
/// request, contact, terms agreement, external account binding), signs every later request with the account URL as kid,
/// and registers again with the same key when the CA says the account does not exist (a CA that lost its state).
/// </summary>
internal sealed partial class AcmeClient : IDisposable
{
    private readonly AcmeTransport _transport;
    private readonly AccountStore _accounts;
    private readonly AcmeOptions _options;
    private readonly ILogger<AcmeClient> _logger;
    private readonly SemaphoreSlim _accountGate = new(1, 1);
    private AccountKey? _key;
    private string? _accountUrl;

    public AcmeClient(AcmeTransport transport, AccountStore accounts, IOptions<AcmeOptions> options, ILogger<AcmeClient> logger)
    {
        _transport = transport;
        _accounts = accounts;
        _options = options.Value;
        _logger = logger;
    }

    public AcmeTransport Transport => _transport;

    /// <summary>The account key (loaded or created by <see cref="EnsureAccountAsync"/>).</summary>
    public AccountKey Key => _key ?? throw new InvalidOperationException("EnsureAccountAsync has not run.");

    public string? AccountUrl => _accountUrl;

    public async Task EnsureAccountAsync(CancellationToken cancellationToken)
    {
        if (_accountUrl is not null)
        {
            return;
        }

        await _accountGate.WaitAsync(cancellationToken);
        try
        {
            if (_accountUrl is not null)
            {
                return;
            }

            if (_key is null)
            {
                var (key, url) = await _accounts.LoadAsync(_transport.DirectoryUrl, cancellationToken);
                if (key is null)
                {
                    key = AccountKey.Create();
                    await _accounts.SaveKeyAsync(_transport.DirectoryUrl, key, cancellationToken);
                    Log.AccountKeyCreated(_logger, _accounts.DirectoryFor(_transport.DirectoryUrl));
                }

                _key = key;
                _accountUrl = url;
                if (url is not null)
                {
                    return;
                }
            }

            await RegisterAsync(cancellationToken);
        }
        finally
        {
            _accountGate.Release();
        }
    }

    /// <summary>POST (or POST-as-GET when <paramref name="payload"/> is null) signed with the account URL as kid.</summary>
    public async Task<AcmeResponse> PostAsync(string url, byte[]? payload, CancellationToken cancellationToken, string? accept = null)
    {
        await EnsureAccountAsync(cancellationToken);
        var kid = _accountUrl!;
        try
        {
            return await _transport.PostAsync(url, Key, kid, payload, cancellationToken, accept);
        }
        catch (AcmeProtocolException ex) when (ex.Problem.Is("accountDoesNotExist"))
        {
            Log.AccountForgotten(_logger, kid, _transport.DirectoryUrl.AbsoluteUri);
            await _accountGate.WaitAsync(cancellationToken);
            try
            {
                if (_accountUrl == kid)
                {
                    await RegisterAsync(cancellationToken);
                }
            }
            finally
            {
                _accountGate.Release();
            }

            return await _transport.PostAsync(url, Key, _accountUrl, payload, cancellationToken, accept);
        }
    }

    public async Task<T> PostAsync<T>(string url, byte[]? payload, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var response = await PostAsync(url, payload, cancellationToken);
        return Deserialize(response, type);
    }

    public async Task<(AcmeOrderResource Order, string Url)> NewOrderAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var directory = await _transport.GetDirectoryAsync(cancellationToken);
        var payload = Json(writer =>
        {
            writer.WriteStartArray("identifiers");
            foreach (var name in names)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "dns");
                writer.WriteString("value", name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
        var response = await PostAsync(directory.NewOrder, payload, cancellationToken);
        var order = Deserialize(response, AcmeJsonContext.Default.AcmeOrderResource);
        var url = response.Location ?? throw new AcmeProtocolException(
            new AcmeProblem { Type = AcmeProblem.ErrorNamespace + "malformed", Detail = "newOrder answered without a Location header." }, response.StatusCode);
        return (order, url);
    }

    public Task<AcmeOrderResource> FinalizeAsync(string finalizeUrl, byte[] csrDer, CancellationToken cancellationToken) =>
        PostAsync(finalizeUrl, Json(writer => writer.WriteString("csr", Base64Url.EncodeToString(csrDer))), AcmeJsonContext.Default.AcmeOrderResource, cancellationToken);

    /// <summary>RFC 8555 §7.5.1: the client tells the CA to validate by POSTing an empty JSON object to the challenge URL.</summary>
    public Task<AcmeResponse> RespondToChallengeAsync(string challengeUrl, CancellationToken cancellationToken) =>
        PostAsync(challengeUrl, "{}"u8.ToArray(), cancellationToken);

    public async Task<string> DownloadCertificateAsync(string certificateUrl, CancellationToken cancellationToken)
    {
        var response = await PostAsync(certificateUrl, null, cancellationToken, accept: "application/pem-certificate-chain");
        return System.Text.Encoding.ASCII.GetString(response.Body);
    }

    public void Dispose()
    {
        _accountGate.Dispose();
        _key?.Dispose();
    }

    internal static T Deserialize<T>(AcmeResponse response, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, type) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new AcmeProtocolException(
                new AcmeProblem { Type = AcmeProblem.ErrorNamespace + "malformed", Detail = $"Unreadable {typeof(T).Name} from the CA: {ex.Message}" },
                response.StatusCode);
        }
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var directory = await _transport.GetDirectoryAsync(cancellationToken);
        var key = Key;
        var hasEab = !string.IsNullOrEmpty(_options.ExternalAccountKeyId) && !string.IsNullOrEmpty(_options.ExternalAccountHmacKey);
        if (directory.Meta?.ExternalAccountRequired == true && !hasEab)
        {
            throw new AcmeProtocolException(
                new AcmeProblem
                {
                    Type = AcmeProblem.ErrorNamespace + "externalAccountRequired",
                    Detail = "This CA requires external account binding: set Acme:ExternalAccountKeyId and Acme:ExternalAccountHmacKey to the values the CA issued.",
                },
                0);
        }

        var payload = Json(writer =>
        {
            writer.WriteBoolean("termsOfServiceAgreed", _options.TermsOfServiceAgreed);
            if (!string.IsNullOrWhiteSpace(_options.Email))
            {
                writer.WriteStartArray("contact");
                writer.WriteStringValue("mailto:" + _options.Email.Trim());
                writer.WriteEndArray();
            }

            if (hasEab)
            {
                var macKey = Base64Url.DecodeFromChars(_options.ExternalAccountHmacKey.AsSpan().Trim());
                writer.WritePropertyName("externalAccountBinding");
                writer.WriteRawValue(Jws.ExternalAccountBinding(_options.ExternalAccountKeyId!, macKey, directory.NewAccount, key.JwkJson), skipInputValidation: true);
            }
        });

        var response = await _transport.PostAsync(directory.NewAccount, key, kid: null, payload, cancellationToken);
        var account = Deserialize(response, AcmeJsonContext.Default.AcmeAccountResource);
        var url = response.Location;
        if (url is null || account.Status != AcmeStatus.Valid)
        {
            throw new AcmeProtocolException(
                new AcmeProblem { Type = AcmeProblem.ErrorNamespace + "unauthorized", Detail = $"newAccount answered status '{account.Status}' with Location '{url}'." },
                response.StatusCode);
        }

        await _accounts.SaveAccountUrlAsync(_transport.DirectoryUrl, url, cancellationToken);
        _accountUrl = url;
        Log.AccountRegistered(_logger, url, response.StatusCode == 201);
    }

    private static byte[] Json(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Created a new ACME account key in {Directory}")]
        public static partial void AccountKeyCreated(ILogger logger, string directory);

        [LoggerMessage(2, LogLevel.Information, "ACME account {AccountUrl} registered (new: {Created})")]
        public static partial void AccountRegistered(ILogger logger, string accountUrl, bool created);

        [LoggerMessage(3, LogLevel.Warning, "The CA at {Directory} does not know account {AccountUrl} any more: registering the same key again")]
        public static partial void AccountForgotten(ILogger logger, string accountUrl, string directory);
    }
}
