using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeCdn.Cli.Up;

namespace EdgeCdn.Cli.Commands;

/// <summary>
/// `edgecdn up`: the whole local chain in one command. Settings: built-in defaults, then config/edgecdn.json when
/// present (or --config), then EDGECDN_* environment variables, then flags.
/// </summary>
internal static class UpCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<FileInfo?>("--config") { Description = "Settings file (default: config/edgecdn.json when it exists)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where objects, caches, keys and certificates live (default ./.edgecdn; env EDGECDN_DATA_DIR)." };
        var edges = new Option<int?>("--edges") { Description = "Number of edge nodes (default 2; env EDGECDN_EDGES)." };
        var originPort = new Option<int?>("--origin-port") { Description = "Origin S3 port (default 9000; 0 = any free port; env EDGECDN_ORIGIN_PORT)." };
        var edgePort = new Option<int?>("--edge-port") { Description = "First edge's HTTP port, the next edges count up (default 8080; 0 = any; env EDGECDN_EDGE_PORT)." };
        var edgeHttpsPort = new Option<int?>("--edge-https-port") { Description = "First edge's HTTPS port (default 8443; 0 = any; env EDGECDN_EDGE_HTTPS_PORT)." };
        var listen = new Option<string?>("--listen") { Description = "Address every server binds to (default 127.0.0.1; env EDGECDN_LISTEN)." };
        var bucket = new Option<string?>("--bucket") { Description = "The private demo bucket (default demo; env EDGECDN_BUCKET)." };
        var domain = new Option<string?>("--domain") { Description = "A custom domain the edges serve, e.g. cdn.example.test (env EDGECDN_DOMAIN)." };
        var acmeDirectory = new Option<string?>("--acme-directory") { Description = "ACME directory URL to obtain the --domain certificate from (env EDGECDN_ACME_DIRECTORY)." };
        var acmeEmail = new Option<string?>("--acme-email") { Description = "Contact e-mail for the ACME account (env EDGECDN_ACME_EMAIL)." };
        var acmeCa = new Option<string?>("--acme-ca-cert") { Description = "PEM CA certificate to trust for the ACME server (a private CA, pebble) (env EDGECDN_ACME_CA_CERT)." };

        var command = new Command("up", "Run the whole chain locally: the origin with a private demo bucket and N edge nodes that sign their origin requests.")
        {
            config, dataDir, edges, originPort, edgePort, edgeHttpsPort, listen, bucket, domain, acmeDirectory, acmeEmail, acmeCa,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            UpOptions options;
            try
            {
                options = FromFile(parse.GetValue(config));
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                error.WriteLine($"Cannot read the settings file: {e.Message}");
                return 2;
            }

            options = options with
            {
                DataDirectory = parse.GetValue(dataDir) ?? Env("EDGECDN_DATA_DIR") ?? options.DataDirectory,
                Edges = parse.GetValue(edges) ?? EnvInt("EDGECDN_EDGES") ?? options.Edges,
                OriginPort = parse.GetValue(originPort) ?? EnvInt("EDGECDN_ORIGIN_PORT") ?? options.OriginPort,
                EdgeHttpPort = parse.GetValue(edgePort) ?? EnvInt("EDGECDN_EDGE_PORT") ?? options.EdgeHttpPort,
                EdgeHttpsPort = parse.GetValue(edgeHttpsPort) ?? EnvInt("EDGECDN_EDGE_HTTPS_PORT") ?? options.EdgeHttpsPort,
                ListenAddress = parse.GetValue(listen) ?? Env("EDGECDN_LISTEN") ?? options.ListenAddress,
                Bucket = parse.GetValue(bucket) ?? Env("EDGECDN_BUCKET") ?? options.Bucket,
                Domain = parse.GetValue(domain) ?? Env("EDGECDN_DOMAIN") ?? options.Domain,
                AcmeDirectory = parse.GetValue(acmeDirectory) ?? Env("EDGECDN_ACME_DIRECTORY") ?? options.AcmeDirectory,
                AcmeEmail = parse.GetValue(acmeEmail) ?? Env("EDGECDN_ACME_EMAIL") ?? options.AcmeEmail,
                AcmeCaCertificate = parse.GetValue(acmeCa) ?? Env("EDGECDN_ACME_CA_CERT") ?? options.AcmeCaCertificate,
            };
            var problems = Validate(options).ToList();
            foreach (var problem in problems)
            {
                error.WriteLine(problem);
            }

            return problems.Count > 0 ? 2 : await new ChainRunner(options, output, error).RunAsync(cancellationToken);
        });
        return command;
    }

    internal static IEnumerable<string> Validate(UpOptions options)
    {
        if (options.Edges is < 1 or > 32)
        {
            yield return "--edges must be between 1 and 32.";
        }

        foreach (var (name, port) in new[] { ("--origin-port", options.OriginPort), ("--edge-port", options.EdgeHttpPort), ("--edge-https-port", options.EdgeHttpsPort) })
        {
            if (port is < 0 or > 65535 || (port != 0 && port + options.Edges > 65536 && name != "--origin-port"))
            {
                yield return $"{name} must be a port from 1 to 65535 (or 0 for any free port).";
            }
        }

        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
        {
            yield return "--listen must be an IP address such as 127.0.0.1.";
        }

        if (options.AcmeDirectory is not null && options.Domain is null)
        {
            yield return "--acme-directory needs --domain: the name to obtain a certificate for.";
        }

        if (options.AcmeDirectory is not null && !Uri.TryCreate(options.AcmeDirectory, UriKind.Absolute, out _))
        {
            yield return "--acme-directory must be an absolute URL (e.g. https://127.0.0.1:14000/dir).";
        }
    }

    private static UpOptions FromFile(FileInfo? file)
    {
        var path = file?.FullName ?? Path.Combine("config", "edgecdn.json");
        if (!File.Exists(path))
        {
            return file is null ? new UpOptions() : throw new FileNotFoundException($"{path} does not exist.");
        }

        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<UpOptions>(stream, Json) ?? new UpOptions();
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static int? EnvInt(string name) =>
        Env(name) is { } value && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
