namespace EdgeCdn.Core.Caching;

/// <summary>A satisfiable byte range of a representation: first and last byte positions, inclusive.</summary>
public readonly record struct ByteRange(long First, long Last)
{
    public long Length => Last - First + 1;
}
