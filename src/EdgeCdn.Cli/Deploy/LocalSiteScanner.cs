using System.Security.Cryptography;

namespace EdgeCdn.Cli.Deploy;

/// <summary>
/// Lists the files of a build folder with the ETag S3 will report for each after upload: the MD5 hex of a file
/// sent in one PUT, or "md5-of-part-md5s-N" for one sent in parts of <see cref="PartSize"/> bytes — the same
/// part size the uploader uses, so unchanged files compare equal.
/// </summary>
internal static class LocalSiteScanner
{
    public const long PartSize = 8 * 1024 * 1024;
    public const long MultipartThreshold = 16 * 1024 * 1024;

    public static async Task<List<LocalFile>> ScanAsync(string root, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(root);
        var files = new List<LocalFile>();
        foreach (var path in Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System }))
        {
            var relative = Path.GetRelativePath(full, path).Replace(Path.DirectorySeparatorChar, '/');
            var size = new FileInfo(path).Length;
            files.Add(new LocalFile(relative, path, size, await ETagAsync(path, size, cancellationToken).ConfigureAwait(false)));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    internal static async Task<string> ETagAsync(string path, long size, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        if (size < MultipartThreshold)
        {
            return Convert.ToHexStringLower(await MD5.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }

        using var partHashes = new MemoryStream();
        var buffer = new byte[1 << 20];
        var parts = 0;
        while (true)
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long inPart = 0;
            int n;
            while (inPart < PartSize && (n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, PartSize - inPart)), cancellationToken).ConfigureAwait(false)) > 0)
            {
                md5.AppendData(buffer, 0, n);
                inPart += n;
            }

            if (inPart == 0)
            {
                break;
            }

            partHashes.Write(md5.GetHashAndReset());
            parts++;
        }

        return $"{Convert.ToHexStringLower(MD5.HashData(partHashes.ToArray()))}-{parts}";
    }
}
