using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace EdgeCdn.TestCommon;

/// <summary>
/// Debian's pebble and pebble-challtestsrv as real processes on 127.0.0.1, on ports asked from the OS: pebble's HTTPS
/// listener gets a certificate from a CA made here (<see cref="ListenerRootPath"/>: what the ACME client trusts), and
/// challtestsrv answers pebble's DNS queries with 127.0.0.1 for every name, its own challenge responders switched off so
/// that validations reach the listener under test. Validation is on (PEBBLE_VA_NOSLEEP=1 keeps it quick).
/// Only the processes started here are ever stopped, by their own handles.
/// Two steps, because the listener under test and pebble each need the other's ports: construct (ports reserved,
/// directory URL and listener root known), start the listener, then <see cref="StartAsync"/> with its ports.
/// </summary>
public sealed class PebbleServer : IAsyncDisposable
{
    public const string PebblePath = "/usr/bin/pebble";
    public const string ChallTestSrvPath = "/usr/bin/pebble-challtestsrv";

    private readonly PebbleOptions _options;
    private readonly TempDirectory _directory = new("pebble");
    private readonly StringBuilder _log = new();
    private readonly int _dnsPort;
    private readonly int _challTestSrvManagementPort;
    private Process? _pebble;
    private Process? _challTestSrv;
    private int _httpPort;
    private int _tlsPort;

    public PebbleServer(PebbleOptions? options = null)
    {
        _options = options ?? new PebbleOptions();
        AcmePort = FreePort.Tcp();
        ManagementPort = FreePort.Tcp();
        _dnsPort = FreePort.TcpAndUdp();
        _challTestSrvManagementPort = FreePort.Tcp();
        ListenerRootPath = _directory.Combine("listener-root.pem");
        WriteListenerCertificate();
    }

    public static bool IsInstalled => File.Exists(PebblePath) && File.Exists(ChallTestSrvPath);

    public int AcmePort { get; }

    public int ManagementPort { get; }

    public Uri DirectoryUrl => new($"https://127.0.0.1:{AcmePort}/dir");

    public Uri ManagementUrl => new($"https://127.0.0.1:{ManagementPort}/");

    /// <summary>PEM of the CA that signed pebble's own HTTPS listener certificate (not the ACME issuing root).</summary>
    public string ListenerRootPath { get; }

    /// <summary>Everything pebble and challtestsrv printed, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public bool IsRunning => _pebble is { HasExited: false };

    /// <summary>Starts pebble, sending http-01 checks to <paramref name="httpPort"/> and tls-alpn-01 ones to <paramref name="tlsPort"/>.</summary>
    public async Task StartAsync(int httpPort, int tlsPort, CancellationToken cancellationToken = default)
    {
        _httpPort = httpPort;
        _tlsPort = tlsPort;
        WriteConfig();
        await StartProcessesAsync(cancellationToken);
    }

    /// <summary>An HttpClient that trusts pebble's listener (for the management API and the directory).</summary>
    public HttpClient CreateHttpClient()
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(ListenerRootPath);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(roots);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = policy;
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The ACME issuing root of this pebble run (GET /roots/0 on the management API; new at every start).</summary>
    public async Task<string> GetIssuingRootPemAsync(CancellationToken cancellationToken = default)
    {
        using var http = CreateHttpClient();
        return await http.GetStringAsync(new Uri(ManagementUrl, "roots/0"), cancellationToken);
    }

    public async Task<string> GetIntermediatePemAsync(CancellationToken cancellationToken = default)
    {
        using var http = CreateHttpClient();
        return await http.GetStringAsync(new Uri(ManagementUrl, "intermediates/0"), cancellationToken);
    }

    /// <summary>Stops both processes (pebble forgets every account, order and key).</summary>
    public async Task StopAsync()
    {
        await StopAsync(_pebble);
        await StopAsync(_challTestSrv);
        _pebble = null;
        _challTestSrv = null;
    }

    /// <summary>Stops and starts again on the same ports: a CA that lost all its state (accounts included).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        await StartProcessesAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }

    private async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        _challTestSrv = Start(ChallTestSrvPath,
            ["-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", $"127.0.0.1:{_dnsPort}",
             "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", $"127.0.0.1:{_challTestSrvManagementPort}"],
            new Dictionary<string, string>());
        await WaitForTcpAsync(_challTestSrv, _challTestSrvManagementPort, cancellationToken);

        _pebble = Start(PebblePath,
            ["-config", _directory.Combine("pebble-config.json"), "-dnsserver", $"127.0.0.1:{_dnsPort}", "-strict=false"],
            new Dictionary<string, string>
            {
                ["PEBBLE_VA_NOSLEEP"] = "1",
                ["PEBBLE_WFE_NONCEREJECT"] = _options.NonceRejectPercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PEBBLE_AUTHZREUSE"] = "0",
                ["PEBBLE_VA_ALWAYS_VALID"] = _options.AlwaysValid ? "1" : "0",
            });

        using var http = CreateHttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_pebble.HasExited)
            {
                throw new InvalidOperationException($"pebble exited with {_pebble.ExitCode} at start:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(DirectoryUrl, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"pebble did not answer {DirectoryUrl} within 20 s:\n{Log}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private Process Start(string path, string[] arguments, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory.Path,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment)
        {
            info.Environment[variable] = value;
        }

        var name = Path.GetFileName(path);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(name, e.Data);
        process.ErrorDataReceived += (_, e) => Append(name, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string name, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Append(name).Append(": ").AppendLine(line);
        }
    }

    private async Task WaitForTcpAsync(Process process, int port, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} at start:\n{Log}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    private static async Task StopAsync(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    private void WriteListenerCertificate()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=EdgeCdn test pebble listener CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = leafRequest.Create(ca, now.AddDays(-1), now.AddDays(29), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(ListenerRootPath, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(_directory.Combine("listener-cert.pem"), leaf.ExportCertificatePem() + "\n");
        File.WriteAllText(_directory.Combine("listener-key.pem"), leafKey.ExportPkcs8PrivateKeyPem() + "\n");
    }

    private void WriteConfig()
    {
        using var stream = File.Create(_directory.Combine("pebble-config.json"));
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteStartObject("pebble");
        writer.WriteString("listenAddress", $"127.0.0.1:{AcmePort}");
        writer.WriteString("managementListenAddress", $"127.0.0.1:{ManagementPort}");
        writer.WriteString("certificate", _directory.Combine("listener-cert.pem"));
        writer.WriteString("privateKey", _directory.Combine("listener-key.pem"));
        writer.WriteNumber("httpPort", _httpPort);
        writer.WriteNumber("tlsPort", _tlsPort);
        writer.WriteString("ocspResponderURL", "");
        if (_options.CertificateValidityPeriodSeconds is { } seconds)
        {
            writer.WriteNumber("certificateValidityPeriod", seconds);
        }

        writer.WriteBoolean("externalAccountBindingRequired", _options.ExternalAccountMacKeys is not null);
        if (_options.ExternalAccountMacKeys is { } keys)
        {
            writer.WriteStartObject("externalAccountMACKeys");
            foreach (var (keyId, macKey) in keys)
            {
                writer.WriteString(keyId, macKey);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
