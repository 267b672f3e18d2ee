using EdgeCdn.Edge.Caching;

namespace EdgeCdn.Edge.Tests.Caching;

public sealed class FillBufferTests
{
    [Theory]
    [InlineData(200_000, true)]
    [InlineData(200_000, false)]
    [InlineData(0, true)]
    public async Task Readers_FollowTheWriter_AndSeeEveryByte(int size, bool announced)
    {
        var data = new byte[size];
        Random.Shared.NextBytes(data);
        var buffer = new FillBuffer(announced ? size : null, limit: 1_000_000);
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => ReadAllAsync(buffer))).ToArray();

        for (var offset = 0; offset < size; offset += 7000)
        {
            Assert.True(buffer.TryWrite(data.AsSpan(offset, Math.Min(7000, size - offset))));
            await Task.Yield();
        }

        Assert.True(buffer.Complete());
        foreach (var reader in readers)
        {
            Assert.Equal(data, await reader);
        }

        var body = buffer.ToBody();
        Assert.Equal(size, body.Length);
        var stored = new MemoryStream();
        await body.CopyToAsync(stored, 0, size, CancellationToken.None);
        Assert.Equal(data, stored.ToArray());
    }

    [Fact]
    public void TryWrite_PastLimitOrAnnouncedLength_Refused()
    {
        Assert.False(new FillBuffer(null, limit: 10).TryWrite(new byte[11]));
        Assert.False(new FillBuffer(5, limit: 10).TryWrite(new byte[6]));
    }

    [Fact]
    public async Task Complete_ShortOfAnnouncedLength_FailsReaders()
    {
        var buffer = new FillBuffer(10, limit: 100);
        buffer.TryWrite(new byte[4]);

        Assert.False(buffer.Complete());
        using var reader = buffer.CreateReader();
        await reader.ReadAsync(CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(async () => await reader.ReadAsync(CancellationToken.None));
    }

    internal static async Task<byte[]> ReadAllAsync(FillBuffer buffer, long position = 0)
    {
        using var reader = buffer.CreateReader(position);
        var copy = new MemoryStream();
        while (true)
        {
            var chunk = await reader.ReadAsync(CancellationToken.None);
            if (chunk.IsEmpty)
            {
                return copy.ToArray();
            }

            copy.Write(chunk.Span);
        }
    }
}
