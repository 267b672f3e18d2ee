namespace EdgeCdn.Core.Routing;

/// <summary>
/// A CloudFront cache-behaviour path pattern: '*' matches any run of characters (including '/' and none), '?'
/// exactly one character, everything else itself, case-sensitively. A pattern without a leading '/' is anchored at
/// the root anyway ("images/*.jpg" is "/images/*.jpg"), as CloudFront does.
/// </summary>
public sealed class PathPattern
{
    private readonly string _pattern;
    private readonly string _literalPrefix;

    public PathPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Text = pattern;
        _pattern = pattern[0] is '/' or '*' ? pattern : "/" + pattern;
        var wildcard = _pattern.AsSpan().IndexOfAny('*', '?');
        _literalPrefix = wildcard < 0 ? _pattern : _pattern[..wildcard];
        IsCatchAll = _pattern == "*" || _pattern == "/*";
    }

    /// <summary>The pattern as configured.</summary>
    public string Text { get; }

    /// <summary>"*" or "/*": matches every path.</summary>
    public bool IsCatchAll { get; }

    public bool IsMatch(ReadOnlySpan<char> path)
    {
        if (IsCatchAll)
        {
            return true;
        }

        if (!path.StartsWith(_literalPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        // Iterative glob matching: on a mismatch, let the most recent '*' absorb one more character.
        var pattern = _pattern.AsSpan();
        int p = 0, s = 0, starP = -1, starS = 0;
        while (s < path.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == path[s]) && pattern[p] != '*')
            {
                p++;
                s++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starS = s;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                s = ++starS;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    public override string ToString() => Text;
}
