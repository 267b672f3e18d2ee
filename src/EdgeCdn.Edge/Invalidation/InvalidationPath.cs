namespace EdgeCdn.Edge.Invalidation;

/// <summary>
/// One invalidation path as CloudFront reads it: an exact object path, or a prefix when it ends with '*' (the
/// only place a '*' may be). Case-sensitive; percent-encoding is decoded so "/a%20b" and "/a b" are the same
/// object; a query string is ignored, so every query variant of the path is invalidated.
/// </summary>
internal sealed class InvalidationPath
{
    private InvalidationPath(string text, string match, bool prefix)
    {
        Text = text;
        Match = match;
        IsPrefix = prefix;
    }

    /// <summary>As submitted.</summary>
    public string Text { get; }

    public string Match { get; }

    public bool IsPrefix { get; }

    public static bool TryParse(string? text, out InvalidationPath? path, out string? error)
    {
        path = null;
        error = null;
        if (string.IsNullOrEmpty(text) || text.Length > 4096)
        {
            error = "a path must have 1-4096 characters";
            return false;
        }

        if (text[0] != '/')
        {
            error = $"'{text}' must start with '/'";
            return false;
        }

        var query = text.IndexOf('?');
        var value = query < 0 ? text : text[..query];
        var star = value.IndexOf('*');
        if (star >= 0 && star != value.Length - 1)
        {
            error = $"'{text}': '*' may only be the last character";
            return false;
        }

        var prefix = star >= 0;
        var decoded = Uri.UnescapeDataString(prefix ? value[..^1] : value);
        if (decoded.Any(char.IsControl))
        {
            error = $"'{text}' contains a control character";
            return false;
        }

        path = new InvalidationPath(text, decoded, prefix);
        return true;
    }

    public bool Matches(string objectPath) =>
        IsPrefix ? objectPath.StartsWith(Match, StringComparison.Ordinal) : string.Equals(objectPath, Match, StringComparison.Ordinal);
}
