using System.Net;

namespace EdgeCdn.Origin.Buckets;

/// <summary>S3's naming rules for general purpose buckets.</summary>
internal static class BucketNameRules
{
    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    /// <summary>Null when <paramref name="name"/> is a valid bucket name, else why not.</summary>
    public static string? Check(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return "Bucket names must be between 3 (min) and 63 (max) characters long.";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
            {
                return "Bucket names can consist only of lowercase letters, numbers, periods (.), and hyphens (-).";
            }
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return "Bucket names must begin and end with a letter or number.";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "Bucket names must not contain two adjacent periods.";
        }

        if (IPAddress.TryParse(name, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && name.Count(c => c == '.') == 3)
        {
            return "Bucket names must not be formatted as an IP address.";
        }

        if (ReservedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) || ReservedSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal)))
        {
            return "Bucket names must not use a reserved prefix or suffix.";
        }

        return null;
    }
}
