using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace EdgeCdn.Cli.Deploy;

/// <summary>Lists the bucket, uploads what changed (in parallel, multipart above 16 MiB), deletes what is gone.</summary>
internal sealed class SiteDeployer(IAmazonS3 s3, string bucket, string prefix)
{
    public async Task<Dictionary<string, string>> ListRemoteAsync(CancellationToken cancellationToken)
    {
        var remote = new Dictionary<string, string>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var o in response.S3Objects ?? [])
            {
                remote[o.Key] = o.ETag;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return remote;
    }

    /// <summary>Uploads the files, <paramref name="parallelism"/> at a time; reports each finished file and bytes as
    /// they are sent.</summary>
    public async Task UploadAsync(IReadOnlyList<LocalFile> files, int parallelism, Action<long> bytesSent, Action<LocalFile> fileDone, CancellationToken cancellationToken)
    {
        using var transfer = new TransferUtility(s3, new TransferUtilityConfig { ConcurrentServiceRequests = Math.Max(1, parallelism) });
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, async (file, token) =>
        {
            var request = new TransferUtilityUploadRequest
            {
                BucketName = bucket,
                Key = prefix + file.RelativePath,
                FilePath = file.FullPath,
                ContentType = ContentTypes.For(file.RelativePath),
                PartSize = LocalSiteScanner.PartSize,
            };
            request.Headers.CacheControl = CacheControlPolicy.For(file.RelativePath);
            long reported = 0;
            request.UploadProgressEvent += (_, e) =>
            {
                var delta = e.TransferredBytes - Interlocked.Exchange(ref reported, e.TransferredBytes);
                if (delta > 0)
                {
                    bytesSent(delta);
                }
            };
            await transfer.UploadAsync(request, token).ConfigureAwait(false);
            var rest = file.Size - Interlocked.Exchange(ref reported, file.Size);
            if (rest > 0)
            {
                bytesSent(rest);
            }

            fileDone(file);
        }).ConfigureAwait(false);
    }

    public async Task DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        foreach (var batch in keys.Chunk(1000))
        {
            var response = await s3.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = bucket,
                Objects = batch.Select(k => new KeyVersion { Key = k }).ToList(),
                Quiet = true,
            }, cancellationToken).ConfigureAwait(false);
            if (response.DeleteErrors is { Count: > 0 } errors)
            {
                throw new IOException($"could not delete {errors.Count} object(s), e.g. {errors[0].Key}: {errors[0].Code} {errors[0].Message}");
            }
        }
    }
}
