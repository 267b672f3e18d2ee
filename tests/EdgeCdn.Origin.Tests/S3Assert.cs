using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeCdn.Origin.Tests;

/// <summary>Assertions on what the AWS SDK makes of the origin's answers.</summary>
internal static class S3Assert
{
    /// <summary>The call fails with exactly this S3 error code and HTTP status, as the SDK parsed them.</summary>
    public static async Task<AmazonS3Exception> FailsAsync(string code, HttpStatusCode status, Func<Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(call);
        Assert.True(code == error.ErrorCode && status == error.StatusCode,
            $"expected {code} ({(int)status}), got {error.ErrorCode} ({(int)error.StatusCode}): {error.Message}");
        return error;
    }

    public static async Task<string> TextAsync(GetObjectResponse response)
    {
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    public static async Task<byte[]> BytesAsync(GetObjectResponse response)
    {
        using var memory = new MemoryStream();
        await response.ResponseStream.CopyToAsync(memory);
        return memory.ToArray();
    }

    public static string UniqueBucket(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
}
