using EdgeCdn.Edge.Configuration;

namespace EdgeCdn.Edge.Forwarding;

/// <summary>One <see cref="OriginClient"/> per configured origin, created at start and disposed at stop.</summary>
internal sealed class OriginClients : IDisposable
{
    private readonly Dictionary<OriginEndpoint, OriginClient> _clients = new(ReferenceEqualityComparer.Instance);

    public OriginClients(EdgeModel model, TimeProvider time)
    {
        foreach (var origin in model.Origins)
        {
            _clients[origin] = new OriginClient(origin, time);
        }
    }

    public OriginClient For(OriginEndpoint origin) => _clients[origin];

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
