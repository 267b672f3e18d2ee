using System.Net.Http.Json;
using System.Text.Json;

namespace EdgeCdn.Cli.Deploy;

/// <summary>
/// Asks each edge node to drop paths from its cache (POST /_edgecdn/invalidations with the admin token) and waits
/// until every node reports the invalidation completed, so "deployed" means every edge serves the new files.
/// </summary>
internal sealed class EdgeInvalidationClient(HttpClient http, string? adminToken)
{
    /// <summary>An edge accepts at most this many paths in one invalidation (as CloudFront does per batch).</summary>
    private const int MaxPathsPerInvalidation = 3000;

    public async Task<IReadOnlyList<EdgeInvalidationResult>> InvalidateAsync(
        IReadOnlyList<Uri> edges, IReadOnlyList<string> paths, string? distribution, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tasks = edges.Select(async edge =>
        {
            EdgeInvalidationResult? last = null;
            foreach (var batch in paths.Chunk(MaxPathsPerInvalidation))
            {
                last = await InvalidateOneAsync(edge, batch, distribution, timeout, cancellationToken).ConfigureAwait(false);
                if (!last.Completed)
                {
                    break;
                }
            }

            return last ?? new EdgeInvalidationResult(edge, null, true, null);
        });
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task<EdgeInvalidationResult> InvalidateOneAsync(Uri edge, IReadOnlyList<string> paths, string? distribution, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(edge, "/_edgecdn/invalidations"))
            {
                Content = JsonContent.Create(new { paths, distributionId = distribution, callerReference = Guid.NewGuid().ToString("N") }),
            };
            Authorize(create);
            using var created = await http.SendAsync(create, cancellationToken).ConfigureAwait(false);
            var body = await created.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!created.IsSuccessStatusCode)
            {
                return new EdgeInvalidationResult(edge, null, false, $"{(int)created.StatusCode}: {body}");
            }

            using var json = JsonDocument.Parse(body);
            var id = json.RootElement.GetProperty("id").GetString()!;
            var status = json.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
            var deadline = DateTime.UtcNow + timeout;
            while (!string.Equals(status, "Completed", StringComparison.OrdinalIgnoreCase) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(edge, $"/_edgecdn/invalidations/{Uri.EscapeDataString(id)}"));
                Authorize(get);
                using var polled = await http.SendAsync(get, cancellationToken).ConfigureAwait(false);
                using var state = JsonDocument.Parse(await polled.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                status = state.RootElement.TryGetProperty("status", out var st) ? st.GetString() : null;
            }

            var completed = string.Equals(status, "Completed", StringComparison.OrdinalIgnoreCase);
            return new EdgeInvalidationResult(edge, id, completed, completed ? null : $"still {status} after {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException)
        {
            return new EdgeInvalidationResult(edge, null, false, e.Message);
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(adminToken))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
        }
    }
}

internal sealed record EdgeInvalidationResult(Uri Edge, string? Id, bool Completed, string? Error);
