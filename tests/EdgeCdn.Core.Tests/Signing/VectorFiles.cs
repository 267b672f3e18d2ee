using System.Text;

namespace EdgeCdn.Core.Tests.Signing;

/// <summary>Reads the published signing examples under Signing/Vectors (see the README there for the formats).</summary>
internal static class VectorFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Signing", "Vectors");

    public static string Read(params string[] parts) => File.ReadAllText(Path.Combine([Root, .. parts]), Encoding.UTF8);

    public static IEnumerable<string> Names(string folder, string pattern = "*") =>
        Directory.EnumerateFileSystemEntries(Path.Combine(Root, folder), pattern)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    /// <summary>An HTTP request as the test suites print it: request line, headers (folded lines continue the
    /// previous value), an empty line, the body.</summary>
    public static HttpRequestText ParseRequest(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var first = lines[0];
        var method = first[..first.IndexOf(' ', StringComparison.Ordinal)];
        var target = first[(method.Length + 1)..first.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var headers = new List<KeyValuePair<string, string>>();
        var i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            var line = lines[i];
            if (line[0] is ' ' or '\t')
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        var body = i + 1 < lines.Length ? string.Join('\n', lines[(i + 1)..]).TrimEnd('\n') : string.Empty;
        var q = target.IndexOf('?', StringComparison.Ordinal);
        return new HttpRequestText(method, q < 0 ? target : target[..q], q < 0 ? string.Empty : target[(q + 1)..], headers, body);
    }

    /// <summary>The key/value + block format: "key: value" lines, then "--- name" blocks.</summary>
    public static KeyValueVector ParseKeyValue(string text)
    {
        var values = new List<KeyValuePair<string, string>>();
        var blocks = new Dictionary<string, string>(StringComparer.Ordinal);
        string? block = null;
        var content = new List<string>();
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                if (block is not null)
                {
                    blocks[block] = string.Join('\n', content);
                }

                block = line[4..].Trim();
                content.Clear();
            }
            else if (block is not null)
            {
                content.Add(line);
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                var sep = line.IndexOf(": ", StringComparison.Ordinal);
                values.Add(sep < 0 ? new(line.TrimEnd(':'), string.Empty) : new(line[..sep], line[(sep + 2)..]));
            }
        }

        if (block is not null)
        {
            // The LF that ends the file is not part of the last block.
            if (content.Count > 0 && content[^1].Length == 0)
            {
                content.RemoveAt(content.Count - 1);
            }

            blocks[block] = string.Join('\n', content);
        }

        return new KeyValueVector(values, blocks);
    }
}

internal sealed record HttpRequestText(string Method, string RawPath, string RawQuery, List<KeyValuePair<string, string>> Headers, string Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}

internal sealed record KeyValueVector(List<KeyValuePair<string, string>> Values, Dictionary<string, string> Blocks)
{
    public string this[string key] => Values.First(v => v.Key == key).Value;

    public string? Get(string key) => Values.FirstOrDefault(v => v.Key == key).Value;

    public IEnumerable<string> All(string key) => Values.Where(v => v.Key == key).Select(v => v.Value);

    /// <summary>"header: name: value" lines as header pairs.</summary>
    public List<KeyValuePair<string, string>> Headers() => All("header")
        .Select(h => new KeyValuePair<string, string>(h[..h.IndexOf(':', StringComparison.Ordinal)], h[(h.IndexOf(':', StringComparison.Ordinal) + 1)..].TrimStart()))
        .ToList();
}
