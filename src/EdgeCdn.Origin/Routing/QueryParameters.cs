using EdgeCdn.Core.Signing;

namespace EdgeCdn.Origin.Routing;

/// <summary>The decoded query parameters of a request (first occurrence wins; a name without '=' has a null value).</summary>
internal sealed class QueryParameters
{
    public static readonly QueryParameters Empty = new([]);

    private readonly Dictionary<string, string?> _values;

    private QueryParameters(Dictionary<string, string?> values)
    {
        _values = values;
    }

    public IEnumerable<string> Names => _values.Keys;

    public int Count => _values.Count;

    public static QueryParameters Parse(string rawQuery)
    {
        if (rawQuery.Length == 0)
        {
            return Empty;
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var query = rawQuery.AsSpan();
        foreach (var range in query.Split('&'))
        {
            var part = query[range];
            if (part.IsEmpty)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            var name = UriEncoding.DecodeQueryComponent(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? null : UriEncoding.DecodeQueryComponent(part[(eq + 1)..]);
            values.TryAdd(name, value);
        }

        return new QueryParameters(values);
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;
}
