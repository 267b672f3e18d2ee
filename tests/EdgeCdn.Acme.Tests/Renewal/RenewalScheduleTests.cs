using EdgeCdn.Acme.Renewal;

namespace EdgeCdn.Acme.Tests.Renewal;

public sealed class RenewalScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    // lifetime, expected renewal after start: a third of the lifetime remaining, or 30 days, whichever comes first...
    [InlineData("90.00:00:00", "60.00:00:00")]   // Let's Encrypt: both rules agree on day 60
    [InlineData("365.00:00:00", "243.08:00:00")] // one year: a third remaining comes first
    [InlineData("47.00:00:00", "23.12:00:00")]   // 47 days: 30 days remaining would be day 17, capped at half: day 23.5
    // ...and for short-lived certificates the 30-day window is capped at half the lifetime.
    [InlineData("6.00:00:00", "3.00:00:00")]     // 6-day certificates: at half-life, not immediately
    [InlineData("00:05:00", "00:02:30")]         // pebble with certificateValidityPeriod 300
    public void RenewAt_DefaultPolicy(string lifetime, string expectedAfterStart)
    {
        var notAfter = Start + TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture);
        var renewAt = RenewalSchedule.RenewAt(Start, notAfter, TimeSpan.FromDays(30), 1.0 / 3);
        Assert.Equal(Start + TimeSpan.Parse(expectedAfterStart, System.Globalization.CultureInfo.InvariantCulture), renewAt, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void RenewAt_BrokenValidity_RenewsAtOnce() =>
        Assert.Equal(Start, RenewalSchedule.RenewAt(Start, Start, TimeSpan.FromDays(30), 1.0 / 3));
}
