namespace EdgeCdn.Edge.Tests;

internal static class HttpAssert
{
    public static string XCache(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Cache", out var values) ? string.Join(",", values) : "(none)";

    public static string? Header(this HttpResponseMessage response, string name)
    {
        if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
        {
            return string.Join(", ", values);
        }

        return null;
    }

    public static async Task<string> TextAsync(this HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    public static async Task<byte[]> BytesAsync(this HttpResponseMessage response) => await response.Content.ReadAsByteArrayAsync();

    /// <summary>Waits (real time, bounded) for something a background task does, such as a background revalidation.</summary>
    public static Task EventuallyAsync(Func<bool> condition, string what) => EdgeCdn.TestCommon.Eventually.HoldsAsync(condition, what);
}
