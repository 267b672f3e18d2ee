namespace EdgeCdn.Acme.Renewal;

/// <summary>When a certificate is renewed.</summary>
internal static class RenewalSchedule
{
    /// <summary>
    /// Renew when <paramref name="fractionRemaining"/> of the lifetime remains or when <paramref name="renewBeforeExpiry"/>
    /// remains, whichever comes first. The fixed window is capped at half the lifetime, so that a short-lived certificate
    /// (6-day, or pebble's few minutes) is not renewed again the moment it arrives.
    /// </summary>
    public static DateTimeOffset RenewAt(DateTimeOffset notBefore, DateTimeOffset notAfter, TimeSpan renewBeforeExpiry, double fractionRemaining)
    {
        var lifetime = notAfter - notBefore;
        if (lifetime <= TimeSpan.Zero)
        {
            return notAfter;
        }

        var byFraction = lifetime * fractionRemaining;
        var byWindow = renewBeforeExpiry < lifetime / 2 ? renewBeforeExpiry : lifetime / 2;
        return notAfter - (byFraction > byWindow ? byFraction : byWindow);
    }
}
