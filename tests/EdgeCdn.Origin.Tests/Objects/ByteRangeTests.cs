using EdgeCdn.Origin.Objects;

namespace EdgeCdn.Origin.Tests.Objects;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-9", 100, 0, 10)]
    [InlineData("bytes=90-", 100, 90, 10)]
    [InlineData("bytes=90-1000", 100, 90, 10)]
    [InlineData("bytes=-10", 100, 90, 10)]
    [InlineData("bytes=-1000", 100, 0, 100)]
    [InlineData("BYTES=5-5", 100, 5, 1)]
    public void Parse_Satisfiable(string header, long size, long start, long length)
    {
        var range = ByteRange.Parse(header, size, out var unsatisfiable);

        Assert.False(unsatisfiable);
        Assert.Equal(new ByteRange(start, length), range);
    }

    [Theory]
    [InlineData("bytes=100-", 100)]
    [InlineData("bytes=100-200", 100)]
    [InlineData("bytes=-0", 100)]
    [InlineData("bytes=0-", 0)]
    public void Parse_Unsatisfiable(string header, long size)
    {
        Assert.Null(ByteRange.Parse(header, size, out var unsatisfiable));
        Assert.True(unsatisfiable);
    }

    [Theory]
    [InlineData("items=0-5")]
    [InlineData("bytes=5-1")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=x-5")]
    [InlineData("bytes=")]
    public void Parse_IgnoredHeaders_MeanTheWholeObject(string header)
    {
        Assert.Null(ByteRange.Parse(header, 100, out var unsatisfiable));
        Assert.False(unsatisfiable);
    }
}
