namespace EdgeCdn.Cli.Deploy;

/// <summary>A file of the site to deploy: its key (relative path with '/'), size, and the ETag S3 will give it.</summary>
internal sealed record LocalFile(string RelativePath, string FullPath, long Size, string ETag);
