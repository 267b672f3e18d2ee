using EdgeCdn.Origin.Objects;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Tests.Objects;

public sealed class PreconditionsTests
{
    private const string ETag = "0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Modified = new(2026, 5, 1, 12, 0, 0, 500, TimeSpan.Zero);

    [Theory]
    [InlineData("If-Match", "\"0123456789abcdef0123456789abcdef\"", "Proceed")]
    [InlineData("If-Match", "*", "Proceed")]
    [InlineData("If-Match", "\"other\", 0123456789abcdef0123456789abcdef", "Proceed")]
    [InlineData("If-Match", "\"other\"", "Failed")]
    [InlineData("If-None-Match", "W/\"0123456789abcdef0123456789abcdef\"", "NotModified")]
    [InlineData("If-None-Match", "\"other\"", "Proceed")]
    [InlineData("If-Modified-Since", "Fri, 01 May 2026 12:00:00 GMT", "NotModified")]
    [InlineData("If-Modified-Since", "Fri, 01 May 2026 11:59:59 GMT", "Proceed")]
    [InlineData("If-Unmodified-Since", "Fri, 01 May 2026 12:00:00 GMT", "Proceed")]
    [InlineData("If-Unmodified-Since", "Fri, 01 May 2026 11:59:59 GMT", "Failed")]
    [InlineData("If-Modified-Since", "not a date", "Proceed")]
    public void Evaluate_SingleConditions(string header, string value, string expected)
    {
        var headers = new HeaderDictionary { [header] = value };

        Assert.Equal(expected, Preconditions.Evaluate(headers, ETag, Modified).Outcome.ToString());
    }

    [Fact]
    public void Evaluate_IfMatchWins_OverIfUnmodifiedSince_AndIfNoneMatch_OverIfModifiedSince()
    {
        var matchAndOld = new HeaderDictionary { ["If-Match"] = ETag, ["If-Unmodified-Since"] = "Thu, 01 Jan 2026 00:00:00 GMT" };
        var noneMatchFailsButModified = new HeaderDictionary { ["If-None-Match"] = "\"other\"", ["If-Modified-Since"] = "Thu, 01 Jan 2037 00:00:00 GMT" };

        Assert.Equal(PreconditionOutcome.Proceed, Preconditions.Evaluate(matchAndOld, ETag, Modified).Outcome);
        Assert.Equal(PreconditionOutcome.Proceed, Preconditions.Evaluate(noneMatchFailsButModified, ETag, Modified).Outcome);
    }

    [Fact]
    public void Evaluate_CopySourceConditions_FailWith412Only()
    {
        var headers = new HeaderDictionary { ["x-amz-copy-source-If-None-Match"] = ETag };

        var result = Preconditions.Evaluate(headers, ETag, Modified, Preconditions.CopySourcePrefix);

        Assert.Equal(PreconditionOutcome.Failed, result.Outcome);
        Assert.Equal("x-amz-copy-source-If-None-Match", result.Condition);
    }
}
