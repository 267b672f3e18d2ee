using System.Security.Cryptography;
using System.Text.Json;
using EdgeCdn.Origin.Hosting;
using EdgeCdn.Origin.Storage;
using Microsoft.Extensions.Logging;

namespace EdgeCdn.Origin.Auth;

/// <summary>
/// Decides the root user: EDGECDN_ACCESS_KEY / EDGECDN_SECRET_KEY when set; otherwise the key pair stored in the data
/// directory by an earlier start; otherwise, when no users (service identities aside) are configured either, a new
/// pair, generated, stored (mode 0600) and printed once to the console, never to a log.
/// </summary>
internal sealed partial class RootCredentialBootstrapper
{
    public const string FileName = "root-credentials.json";
    private const string AccessKeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly ILogger _logger;
    private readonly TextWriter _console;

    public RootCredentialBootstrapper(ILogger<RootCredentialBootstrapper> logger, OriginConsole console)
    {
        _logger = logger;
        _console = console.Out;
    }

    public OriginUserOptions? Resolve(OriginOptions options)
    {
        if (options.RootUser is { AccessKey.Length: > 0, SecretKey.Length: > 0 } configured)
        {
            Log.RootFromEnvironment(_logger);
            return configured;
        }

        var path = Path.Combine(options.DataDirectory, FileName);
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<StoredRoot>(File.ReadAllText(path))
                ?? throw new InvalidOperationException($"{path} is not a root credential file.");
            Log.RootFromFile(_logger, path);
            return new OriginUserOptions { Name = "root", AccessKey = stored.AccessKey, SecretKey = stored.SecretKey };
        }

        // Service identities own nothing and cannot create buckets: an origin with only those still needs a root user.
        if (options.Users.Any(u => u.Kind == OriginUserOptions.UserKind))
        {
            return null;
        }

        var root = new OriginUserOptions { Name = "root", AccessKey = "EDGE" + Random(AccessKeyAlphabet, 16), SecretKey = Random(SecretAlphabet, 40) };
        Write(path, new StoredRoot(root.AccessKey, root.SecretKey));
        Log.RootGenerated(_logger, path);
        _console.WriteLine($"""
            EdgeCdn origin: generated root credentials (stored in {path}; shown only this once):
              access key: {root.AccessKey}
              secret key: {root.SecretKey}
            """);
        _console.Flush();
        return root;
    }

    private static void Write(string path, StoredRoot root)
    {
        DataDirectory.CreatePrivate(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, root);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static string Random(string alphabet, int length) =>
        new(RandomNumberGenerator.GetItems<char>(alphabet, length));

    private sealed record StoredRoot(string AccessKey, string SecretKey);

    private static partial class Log
    {
        // Key material never goes to logs, not even the access key id.
        [LoggerMessage(1, LogLevel.Information, "Root user: key pair from EDGECDN_ACCESS_KEY / EDGECDN_SECRET_KEY")]
        public static partial void RootFromEnvironment(ILogger logger);

        [LoggerMessage(2, LogLevel.Information, "Root user: key pair from {Path}")]
        public static partial void RootFromFile(ILogger logger, string path);

        [LoggerMessage(3, LogLevel.Information, "Generated a root key pair, stored in {Path} and printed once on standard output")]
        public static partial void RootGenerated(ILogger logger, string path);
    }
}
