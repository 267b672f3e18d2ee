using System.Security.Cryptography;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCdn.Origin.Encryption;

/// <summary>
/// The master key that wraps every SSE-S3 data key: Origin:Encryption:MasterKey when configured, otherwise the file
/// &lt;DataDirectory&gt;/master.key (32 random bytes in base64, created with mode 0600 on the first start). Blob headers
/// carry the key's fingerprint, so a blob written under another key is recognised, never mis-decrypted.
/// </summary>
internal sealed partial class MasterKeyStore
{
    public const string FileName = "master.key";

    private readonly OriginOptions _options;
    private readonly ILogger _logger;
    private byte[]? _key;
    private byte[]? _fingerprint;

    public MasterKeyStore(IOptions<OriginOptions> options, ILogger<MasterKeyStore> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    public ReadOnlySpan<byte> Key => _key ?? throw new InvalidOperationException("The master key is not loaded.");

    /// <summary>First 8 bytes of SHA-256 of the key: identifies the key in blob headers without revealing it.</summary>
    public ReadOnlySpan<byte> Fingerprint => _fingerprint ?? throw new InvalidOperationException("The master key is not loaded.");

    public void Initialize()
    {
        if (_options.Encryption.MasterKey is { Length: > 0 } configured)
        {
            _key = Convert.FromBase64String(configured);
            Log.FromConfiguration(_logger);
        }
        else
        {
            var path = _options.Encryption.MasterKeyFile is { Length: > 0 } file
                ? Path.GetFullPath(file)
                : Path.Combine(_options.DataDirectory, FileName);
            if (File.Exists(path))
            {
                _key = Convert.FromBase64String(File.ReadAllText(path).Trim());
                if (_key.Length != 32)
                {
                    throw new InvalidOperationException($"{path} does not hold a 32-byte base64 key.");
                }

                if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
                {
                    Log.FileReadableByOthers(_logger, path);
                }

                Log.FromFile(_logger, path);
            }
            else
            {
                _key = RandomNumberGenerator.GetBytes(32);
                Write(path, _key);
                Log.Generated(_logger, path);
            }
        }

        _fingerprint = SHA256.HashData(_key)[..8];
    }

    private static void Write(string path, byte[] key)
    {
        DataDirectory.CreatePrivate(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(Convert.ToBase64String(key));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: false);
    }

    private static partial class Log
    {
        // The key itself never goes to a log.
        [LoggerMessage(1, LogLevel.Information, "Encryption at rest: master key from Origin:Encryption:MasterKey")]
        public static partial void FromConfiguration(ILogger logger);

        [LoggerMessage(2, LogLevel.Information, "Encryption at rest: master key from {Path}")]
        public static partial void FromFile(ILogger logger, string path);

        [LoggerMessage(3, LogLevel.Information, "Encryption at rest: generated a master key in {Path} (mode 0600); back it up, objects cannot be read without it")]
        public static partial void Generated(ILogger logger, string path);

        [LoggerMessage(4, LogLevel.Warning, "The master key file {Path} is readable by other users; it should be mode 0600")]
        public static partial void FileReadableByOthers(ILogger logger, string path);
    }
}
