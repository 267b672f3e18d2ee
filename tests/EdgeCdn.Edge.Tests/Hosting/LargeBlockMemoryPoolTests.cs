using EdgeCdn.Edge.Hosting;

namespace EdgeCdn.Edge.Tests.Hosting;

/// <summary>The connection buffer pool on its own: blocks of the configured size, reused after Dispose, a repeated
/// Dispose never hands one block to two owners, and retention stops at its cap.</summary>
public sealed class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Rent_GivesBlocksOfTheConfiguredSize_AndReusesReturnedOnes()
    {
        using var pool = new LargeBlockMemoryPoolFactory(32 * 1024, 1024 * 1024).Create();

        var first = pool.Rent();
        Assert.Equal(32 * 1024, pool.MaxBufferSize);
        Assert.Equal(32 * 1024, first.Memory.Length);
        var array = MemoryMarshalArray(first);
        first.Dispose();
        using var second = pool.Rent(100);

        Assert.Same(array, MemoryMarshalArray(second));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent((32 * 1024) + 1));
    }

    [Fact]
    public void DisposingTwice_NeverGivesOneBlockToTwoOwners()
    {
        using var pool = new LargeBlockMemoryPoolFactory(4096, 1024 * 1024).Create();
        var owner = pool.Rent();
        owner.Dispose();
        owner.Dispose();

        using var a = pool.Rent();
        using var b = pool.Rent();

        Assert.NotSame(MemoryMarshalArray(a), MemoryMarshalArray(b));
    }

    [Fact]
    public void Retention_StopsAtItsCap()
    {
        using var pool = new LargeBlockMemoryPoolFactory(4096, 2 * 4096).Create();
        var owners = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        var arrays = owners.Select(MemoryMarshalArray).ToList();
        owners.ForEach(o => o.Dispose());

        var again = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();

        // Two came back from the pool, three are new.
        Assert.Equal(2, again.Count(o => arrays.Contains(MemoryMarshalArray(o))));
        again.ForEach(o => o.Dispose());
    }

    private static byte[] MemoryMarshalArray(System.Buffers.IMemoryOwner<byte> owner) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(owner.Memory, out var segment) ? segment.Array! : throw new InvalidOperationException();
}
