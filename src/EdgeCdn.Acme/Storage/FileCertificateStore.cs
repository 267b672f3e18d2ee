using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EdgeCdn.Acme.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Acme.Storage;

/// <summary>
/// Certificates as PEM files under <c>{DataDirectory}/certificates</c>: one file per name set holding the private key
/// followed by the chain, so that key and certificate are replaced together by one rename. Mode 0600, directory 0700.
/// </summary>
internal sealed partial class FileCertificateStore : ICertificateStore
{
    private readonly string _directory;
    private readonly ILogger<FileCertificateStore> _logger;

    public FileCertificateStore(IOptions<AcmeOptions> options, ILogger<FileCertificateStore> logger)
        : this(Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "certificates"), logger)
    {
    }

    internal FileCertificateStore(string directory, ILogger<FileCertificateStore> logger)
    {
        _directory = directory;
        _logger = logger;
    }

    public string DirectoryPath => _directory;

    public async Task<IReadOnlyList<StoredCertificate>> LoadAllAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_directory))
        {
            return [];
        }

        var result = new List<StoredCertificate>();
        foreach (var path in Directory.EnumerateFiles(_directory, "*.pem").Order(StringComparer.Ordinal))
        {
            try
            {
                var text = await File.ReadAllTextAsync(path, cancellationToken);
                if (Parse(text) is { } certificate)
                {
                    result.Add(certificate);
                }
                else
                {
                    Log.Unreadable(_logger, path, "no private key or no certificate in the file", null);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                Log.Unreadable(_logger, path, ex.Message, ex);
            }
        }

        return result;
    }

    public Task SaveAsync(StoredCertificate certificate, CancellationToken cancellationToken)
    {
        var content = certificate.PrivateKeyPem.TrimEnd() + "\n" + certificate.CertificateChainPem.TrimEnd() + "\n";
        return AtomicFile.WriteAsync(PathFor(certificate.Names), Encoding.ASCII.GetBytes(content), cancellationToken);
    }

    /// <summary>The file of a name set: one of its names (readable) plus a hash of the whole set; both independent of order.</summary>
    internal string PathFor(IReadOnlyList<string> names)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(DnsNames.SetKey(names))))[..12];
        var readable = names.Min(StringComparer.Ordinal)!.Replace("*", "wildcard", StringComparison.Ordinal);
        return Path.Combine(_directory, $"{readable}-{hash}.pem");
    }

    /// <summary>Splits a combined PEM into key and chain; the names come from the leaf's subject alternative names.</summary>
    internal static StoredCertificate? Parse(string pem)
    {
        string? key = null;
        var chain = new StringBuilder();
        X509Certificate2? leaf = null;
        try
        {
            var rest = pem.AsSpan();
            while (PemEncoding.TryFind(rest, out var fields))
            {
                var label = rest[fields.Label];
                var block = rest[fields.Location].ToString();
                if (label is "PRIVATE KEY" or "EC PRIVATE KEY" or "RSA PRIVATE KEY")
                {
                    key ??= block;
                }
                else if (label is "CERTIFICATE")
                {
                    leaf ??= X509Certificate2.CreateFromPem(block);
                    chain.Append(block).Append('\n');
                }

                rest = rest[fields.Location.End..];
            }

            if (key is null || leaf is null)
            {
                return null;
            }

            var names = DnsNames.NormalizeSet(SubjectAlternativeDnsNames(leaf));
            return names.Count == 0 ? null : new StoredCertificate(names, chain.ToString(), key);
        }
        finally
        {
            leaf?.Dispose();
        }
    }

    internal static IEnumerable<string> SubjectAlternativeDnsNames(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                return san.EnumerateDnsNames().ToList();
            }
        }

        return [];
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Skipping stored certificate file {Path}: {Reason}")]
        public static partial void Unreadable(ILogger logger, string path, string reason, Exception? exception);
    }
}
