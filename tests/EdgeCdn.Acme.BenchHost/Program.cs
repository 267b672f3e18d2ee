// Benchmark host for scripts/bench-tls.sh: the edge's TLS termination (UseEdgeCdnTls: per-handshake SNI selection from
// the certificate store, full chain, TLS 1.2/1.3, h2 + http/1.1 through ALPN, session resumption) in front of a fixed
// 1 KiB body. ACME is off: the certificate is whatever PEM the script put in {data}/certificates.
//   dotnet EdgeCdn.Acme.BenchHost.dll --port 8443 --data /tmp/bench/data
using System.Net;
using EdgeCdn.Acme;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

var port = int.Parse(Argument("--port") ?? "8443", System.Globalization.CultureInfo.InvariantCulture);
var data = Argument("--data") ?? throw new ArgumentException("--data DIR is required (the Acme data directory holding certificates/*.pem)");
var body = new byte[1024];
Array.Fill(body, (byte)'x');
ReadOnlyMemory<byte> bodyMemory = body;

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Acme:Enabled"] = "false",
    ["Acme:DataDirectory"] = data,
});
builder.Services.AddEdgeCdnAcme();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseEdgeCdnTls());
});

var app = builder.Build();
app.Run(async context =>
{
    var response = context.Response;
    response.StatusCode = 200;
    response.ContentType = "application/octet-stream";
    response.ContentLength = body.Length;
    await response.BodyWriter.WriteAsync(bodyMemory);
});
app.Run();

string? Argument(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
