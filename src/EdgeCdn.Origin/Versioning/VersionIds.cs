using System.Security.Cryptography;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;

namespace EdgeCdn.Origin.Versioning;

/// <summary>Version ids as S3 makes them: opaque, URL-safe, 32 characters; "null" is the version of unversioned writes.</summary>
internal static class VersionIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";

    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, 32));

    /// <summary>A versionId a client sent: "null" or something this server could have made; InvalidArgument otherwise.</summary>
    public static string Check(string versionId)
    {
        if (versionId == "null" || (versionId.Length is > 0 and <= 1024 && versionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or '/' or '=')))
        {
            return versionId;
        }

        throw new S3Exception(S3ErrorCatalog.InvalidArgument, "Invalid version id specified",
            S3Exception.Detail("ArgumentName", "versionId"), S3Exception.Detail("ArgumentValue", versionId));
    }
}
