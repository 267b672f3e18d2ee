namespace EdgeCdn.Cli.Deploy;

/// <summary>What a deploy will do: uploads, deletions, and the viewer paths edges must drop from their caches.</summary>
internal sealed record DeployPlan(
    IReadOnlyList<LocalFile> Uploads,
    IReadOnlyList<string> Deletes,
    int Unchanged,
    IReadOnlyList<string> InvalidationPaths)
{
    public long UploadBytes => Uploads.Sum(f => f.Size);

    /// <summary>
    /// Compares local files with the remote listing (key → ETag). Changed or new files are uploaded; with
    /// <paramref name="delete"/>, remote keys under the prefix with no local file are removed. Invalidated are
    /// exactly the changed (updated or deleted) files that are not fingerprinted — new fingerprinted names were
    /// never cached — plus the folder paths a changed index.html is served under.
    /// </summary>
    public static DeployPlan Create(IReadOnlyList<LocalFile> local, IReadOnlyDictionary<string, string> remote, string prefix, bool delete)
    {
        var uploads = new List<LocalFile>();
        var unchanged = 0;
        var invalidate = new SortedSet<string>(StringComparer.Ordinal);
        var localKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in local)
        {
            var key = prefix + file.RelativePath;
            localKeys.Add(key);
            if (remote.TryGetValue(key, out var etag) && string.Equals(etag.Trim('"'), file.ETag, StringComparison.OrdinalIgnoreCase))
            {
                unchanged++;
                continue;
            }

            uploads.Add(file);
            if (!CacheControlPolicy.IsFingerprinted(file.RelativePath))
            {
                AddViewerPaths(invalidate, file.RelativePath);
            }
        }

        var deletes = delete ? remote.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !localKeys.Contains(k)).Order(StringComparer.Ordinal).ToList() : [];
        foreach (var key in deletes)
        {
            var relative = key[prefix.Length..];
            if (!CacheControlPolicy.IsFingerprinted(relative))
            {
                AddViewerPaths(invalidate, relative);
            }
        }

        return new DeployPlan(uploads, deletes, unchanged, [.. invalidate]);
    }

    private static void AddViewerPaths(SortedSet<string> paths, string relative)
    {
        paths.Add("/" + relative);
        var name = Path.GetFileName(relative);
        if (name is "index.html" or "index.htm")
        {
            // Served as the default root object of its folder: "/" and "/docs/".
            paths.Add("/" + relative[..^name.Length]);
        }
    }
}
