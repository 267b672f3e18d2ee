using EdgeCdn.Core.Caching;

namespace EdgeCdn.Core.Tests.Caching;

public sealed class ByteRangeParserTests
{
    private readonly List<ByteRange> _ranges = [];

    /// <summary>RFC 9110 §14.1.2's examples against a 10,000-byte representation.</summary>
    [Theory]
    [InlineData("bytes=0-499", 0, 499)]
    [InlineData("bytes=500-999", 500, 999)]
    [InlineData("bytes=-500", 9500, 9999)]
    [InlineData("bytes=9500-", 9500, 9999)]
    [InlineData("bytes=0-0", 0, 0)]
    [InlineData("bytes=9000-20000", 9000, 9999)]
    [InlineData("BYTES = 1-2", 1, 2)]
    public void Parse_SingleRange(string header, long first, long last)
    {
        Assert.Equal(RangeParseStatus.Satisfiable, ByteRangeParser.Parse(header, 10000, _ranges));
        Assert.Equal([new ByteRange(first, last)], _ranges);
    }

    [Fact]
    public void Parse_SeveralRanges_KeepsOrderAndDropsUnsatisfiable()
    {
        Assert.Equal(RangeParseStatus.Satisfiable, ByteRangeParser.Parse("bytes=0-1, 20000-30000, -2", 10, _ranges));
        Assert.Equal([new ByteRange(0, 1), new ByteRange(8, 9)], _ranges);
    }

    [Theory]
    [InlineData("bytes=20000-")]
    [InlineData("bytes=-0")]
    public void Parse_NothingOverlaps_IsUnsatisfiable(string header) =>
        Assert.Equal(RangeParseStatus.Unsatisfiable, ByteRangeParser.Parse(header, 10000, _ranges));

    [Theory]
    [InlineData("bytes=abc")]
    [InlineData("bytes=5-1")]
    [InlineData("bytes=")]
    [InlineData("bytes=1-2-3")]
    [InlineData("bytes=--1")]
    [InlineData("garbage")]
    [InlineData("bytes=99999999999999999999-")]
    public void Parse_Malformed(string header) =>
        Assert.Equal(RangeParseStatus.Malformed, ByteRangeParser.Parse(header, 10000, _ranges));

    [Fact]
    public void Parse_TooManyRanges_IsMalformed()
    {
        var header = "bytes=" + string.Join(',', Enumerable.Range(0, ByteRangeParser.MaxRanges + 1).Select(i => $"{i}-{i}"));
        Assert.Equal(RangeParseStatus.Malformed, ByteRangeParser.Parse(header, 10000, _ranges));
    }

    [Fact]
    public void Parse_OtherUnit_IsIgnored() =>
        Assert.Equal(RangeParseStatus.None, ByteRangeParser.Parse("items=0-5", 10000, _ranges));
}
