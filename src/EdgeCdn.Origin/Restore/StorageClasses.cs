using System.Globalization;
using EdgeCdn.Core.S3;
using EdgeCdn.Origin.Errors;
using EdgeCdn.Origin.Storage;
using Microsoft.AspNetCore.Http;

namespace EdgeCdn.Origin.Restore;

/// <summary>
/// Archive storage classes: GLACIER and DEEP_ARCHIVE objects cannot be read (403 InvalidObjectState) until a
/// RestoreObject has made a temporary copy, which is readable from <see cref="ObjectRecord.RestoreReady"/> to
/// <see cref="ObjectRecord.RestoreExpiry"/>. Everything else is always readable.
/// </summary>
internal static class StorageClasses
{
    public const string Standard = "STANDARD";
    public const string Glacier = "GLACIER";
    public const string DeepArchive = "DEEP_ARCHIVE";

    public static bool IsArchive(string storageClass) => storageClass is Glacier or DeepArchive;

    /// <summary>How far from the hot end a class is, for lifecycle transitions (only ever towards colder classes).</summary>
    public static int Temperature(string storageClass) => storageClass switch
    {
        "STANDARD" or "REDUCED_REDUNDANCY" => 0,
        "INTELLIGENT_TIERING" => 1,
        "STANDARD_IA" or "ONEZONE_IA" => 2,
        "GLACIER_IR" => 3,
        Glacier => 4,
        DeepArchive => 5,
        _ => 0,
    };

    public static bool RestoreInProgress(ObjectRecord obj, DateTimeOffset now) => obj.RestoreReady is { } ready && now < ready;

    public static bool IsRestored(ObjectRecord obj, DateTimeOffset now) =>
        obj.RestoreReady is { } ready && now >= ready && obj.RestoreExpiry is { } expiry && now < expiry;

    /// <summary>Throws InvalidObjectState unless the object's data can be read now.</summary>
    public static void RequireReadable(ObjectRecord obj, DateTimeOffset now)
    {
        if (IsArchive(obj.Metadata.StorageClass) && !IsRestored(obj, now))
        {
            throw new S3Exception(S3ErrorCatalog.InvalidObjectState, null, S3Exception.Detail("StorageClass", obj.Metadata.StorageClass));
        }
    }

    /// <summary>x-amz-restore: ongoing-request="true" while a restore runs; ongoing-request="false" with expiry-date
    /// while the restored copy exists.</summary>
    public static void WriteRestoreHeader(HttpResponse response, ObjectRecord obj, DateTimeOffset now)
    {
        if (!IsArchive(obj.Metadata.StorageClass))
        {
            return;
        }

        if (RestoreInProgress(obj, now))
        {
            response.Headers["x-amz-restore"] = "ongoing-request=\"true\"";
        }
        else if (IsRestored(obj, now))
        {
            response.Headers["x-amz-restore"] =
                $"ongoing-request=\"false\", expiry-date=\"{obj.RestoreExpiry!.Value.ToString("r", CultureInfo.InvariantCulture)}\"";
        }
    }

    /// <summary>S3's day arithmetic: <paramref name="time"/> plus <paramref name="days"/>, rounded up to the next midnight UTC.</summary>
    public static DateTimeOffset AddDaysToMidnight(DateTimeOffset time, int days)
    {
        var shifted = time.UtcDateTime.AddDays(days);
        return new DateTimeOffset(shifted.Date.AddDays(1), TimeSpan.Zero);
    }
}
