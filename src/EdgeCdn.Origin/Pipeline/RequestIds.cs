using System.Security.Cryptography;

namespace EdgeCdn.Origin.Pipeline;

/// <summary>x-amz-request-id values: 16 upper-case hex characters, unique per process run.</summary>
internal static class RequestIds
{
    private static readonly ulong Seed = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private static long _counter;

    public static string Next()
    {
        var value = Seed ^ (ulong)Interlocked.Increment(ref _counter) * 0x9E3779B97F4A7C15UL;
        return value.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
