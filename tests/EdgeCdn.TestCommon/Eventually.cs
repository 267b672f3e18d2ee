using System.Diagnostics;
using Xunit;

namespace EdgeCdn.TestCommon;

/// <summary>Waiting (real time, bounded) for something another task or process does.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 25 ms until it holds; fails naming <paramref name="what"/>
    /// when it has not within <paramref name="timeout"/> (default 5 s).</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(5);
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed >= limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting for: {what}");
            }

            await Task.Delay(25);
        }
    }
}
