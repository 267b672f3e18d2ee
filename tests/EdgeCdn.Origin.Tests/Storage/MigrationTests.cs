using System.Text;
using Amazon.S3.Model;
using EdgeCdn.Origin.Storage;
using EdgeCdn.TestCommon;
using Microsoft.Data.Sqlite;

namespace EdgeCdn.Origin.Tests.Storage;

/// <summary>A data directory written by the first origin (schema version 1, plaintext blobs) keeps working: the schema
/// migrates on start, old objects read back as they were, new writes are versioned and encrypted.</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Version1DataDirectory_MigratesInPlace_OldObjectsReadable_NewOnesEncrypted()
    {
        using var work = new TempDirectory("edgecdn-migrate");
        var data = work.Combine("data");
        var blobId = "0123456789abcdef0123456789abcdef";
        Directory.CreateDirectory(Path.Combine(data, "meta"));
        Directory.CreateDirectory(Path.Combine(data, "blobs", "01"));
        await File.WriteAllTextAsync(Path.Combine(data, "blobs", "01", blobId), "written before encryption");
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "meta", "origin.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            var etag = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("written before encryption"u8));
            command.CommandText = MetadataSchema.Version1 + """
                PRAGMA user_version = 1;
                INSERT INTO buckets (name, owner, region, created_at) VALUES ('legacy', 'root', 'us-east-1', 1700000000000);
                INSERT INTO objects (bucket, key, size, etag, last_modified, owner, blob_id) VALUES ('legacy', CAST('old.txt' AS BLOB), 25, 'ETAG', 1700000000000, 'root', '0123456789abcdef0123456789abcdef');
                """.Replace("ETAG", etag, StringComparison.Ordinal);
            command.ExecuteNonQuery();
        }

        await using var server = await OriginServer.StartAsync(dataDirectory: data);
        using var s3 = server.Client();
        using var old = await s3.GetObjectAsync("legacy", "old.txt");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "legacy", Key = "new.txt", ContentBody = "written after" });
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "legacy" });
        var versioning = await s3.GetBucketVersioningAsync("legacy");
        var block = await Record.ExceptionAsync(() => s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = "legacy" }));

        Assert.Equal("written before encryption", await S3Assert.TextAsync(old));
        Assert.NotEqual(Amazon.S3.ServerSideEncryptionMethod.AES256, old.ServerSideEncryptionMethod);
        Assert.Equal(["new.txt", "old.txt"], listed.S3Objects.Select(o => o.Key));
        Assert.Equal(Amazon.S3.VersionStatus.Off, versioning.VersioningConfig.Status);
        Assert.NotNull(block);
        var newest = Directory.EnumerateFiles(Path.Combine(data, "blobs"), "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != blobId).Single();
        Assert.DoesNotContain("written after", Encoding.Latin1.GetString(await File.ReadAllBytesAsync(newest)), StringComparison.Ordinal);
    }
}
