using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeCdn.Acme.Protocol;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Acme.Storage;

/// <summary>
/// The ACME account for one directory URL, under <c>{DataDirectory}/accounts/{host}-{hash}</c>: <c>account-key.pem</c>
/// (created once, 0600, before the account is registered) and <c>account.json</c> (the account URL the CA assigned).
/// </summary>
internal sealed class AccountStore
{
    private readonly string _root;

    public AccountStore(IOptions<AcmeOptions> options)
        : this(Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "accounts"))
    {
    }

    internal AccountStore(string root)
    {
        _root = root;
    }

    public string DirectoryFor(Uri directoryUrl)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(directoryUrl.AbsoluteUri)))[..12];
        return Path.Combine(_root, $"{directoryUrl.Host}-{hash}");
    }

    /// <summary>The stored key (or null when there is none yet) and the stored account URL (or null).</summary>
    public async Task<(AccountKey? Key, string? AccountUrl)> LoadAsync(Uri directoryUrl, CancellationToken cancellationToken)
    {
        var directory = DirectoryFor(directoryUrl);
        var keyPath = Path.Combine(directory, "account-key.pem");
        if (!File.Exists(keyPath))
        {
            return (null, null);
        }

        var key = AccountKey.FromPem(await File.ReadAllTextAsync(keyPath, cancellationToken));
        string? url = null;
        var accountPath = Path.Combine(directory, "account.json");
        if (File.Exists(accountPath))
        {
            using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(accountPath, cancellationToken));
            if (document.RootElement.TryGetProperty("url", out var value) && value.ValueKind == JsonValueKind.String)
            {
                url = value.GetString();
            }
        }

        return (key, url);
    }

    public Task SaveKeyAsync(Uri directoryUrl, AccountKey key, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(Path.Combine(DirectoryFor(directoryUrl), "account-key.pem"), Encoding.ASCII.GetBytes(key.ExportPem()), cancellationToken);

    public Task SaveAccountUrlAsync(Uri directoryUrl, string accountUrl, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("directory", directoryUrl.AbsoluteUri);
            writer.WriteString("url", accountUrl);
            writer.WriteEndObject();
        }

        return AtomicFile.WriteAsync(Path.Combine(DirectoryFor(directoryUrl), "account.json"), buffer.ToArray(), cancellationToken);
    }
}
