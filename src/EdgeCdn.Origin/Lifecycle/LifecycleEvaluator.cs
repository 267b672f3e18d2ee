using EdgeCdn.Origin.Restore;
using EdgeCdn.Origin.Storage;

namespace EdgeCdn.Origin.Lifecycle;

/// <summary>
/// What the enabled rules make due for one version at a given time, with S3's conflict rules: expiration wins over
/// transition, and among transitions the coldest class wins. Days count from creation (current versions) or from
/// becoming noncurrent, and fall due at the next midnight UTC after that many days.
/// </summary>
internal static class LifecycleEvaluator
{
    public static DateTimeOffset Due(DateTimeOffset from, int days) => StorageClasses.AddDaysToMidnight(from, days);

    /// <summary>For the current version: expire it, or move it to a colder class, or nothing (null, null).</summary>
    public static (bool Expire, string? TransitionTo) Current(IEnumerable<LifecycleRule> rules, ObjectRecord current, DateTimeOffset now)
    {
        string? coldest = null;
        foreach (var rule in rules)
        {
            if (!rule.Filter.Matches(current.Key, current.Metadata.TagSet, current.Size))
            {
                continue;
            }

            if ((rule.ExpirationDays is { } days && Due(current.LastModified, days) <= now) || (rule.ExpirationDate is { } date && date <= now))
            {
                return (true, null);
            }

            foreach (var transition in rule.Transitions)
            {
                var due = transition.Days is { } d ? Due(current.LastModified, d) : transition.Date!.Value;
                if (due <= now && Colder(transition.StorageClass, coldest ?? current.Metadata.StorageClass))
                {
                    coldest = transition.StorageClass;
                }
            }
        }

        return (false, coldest);
    }

    /// <summary>A delete marker that is the only version left of its key, under a rule with ExpiredObjectDeleteMarker.</summary>
    public static bool RemoveExpiredDeleteMarker(IEnumerable<LifecycleRule> rules, ObjectRecord marker, bool onlyVersion) =>
        onlyVersion && rules.Any(r => r.ExpiredObjectDeleteMarker == true && r.Filter.Matches(marker.Key, [], 0));

    /// <summary>For a noncurrent version with <paramref name="newerNoncurrent"/> noncurrent versions newer than it.</summary>
    public static (bool Expire, string? TransitionTo) Noncurrent(IEnumerable<LifecycleRule> rules, ObjectRecord version, int newerNoncurrent, DateTimeOffset now)
    {
        var since = version.NoncurrentSince ?? version.LastModified;
        string? coldest = null;
        foreach (var rule in rules)
        {
            if (!rule.Filter.Matches(version.Key, version.Metadata.TagSet, version.Size))
            {
                continue;
            }

            if (rule.NoncurrentExpirationDays is { } days && Due(since, days) <= now && newerNoncurrent >= (rule.NoncurrentExpirationNewerVersions ?? 0))
            {
                return (true, null);
            }

            if (version.IsDeleteMarker)
            {
                continue;
            }

            foreach (var transition in rule.NoncurrentTransitions)
            {
                if (Due(since, transition.Days) <= now && newerNoncurrent >= (transition.NewerVersions ?? 0) &&
                    Colder(transition.StorageClass, coldest ?? version.Metadata.StorageClass))
                {
                    coldest = transition.StorageClass;
                }
            }
        }

        return (false, coldest);
    }

    public static bool AbortUpload(IEnumerable<LifecycleRule> rules, UploadRecord upload, DateTimeOffset now) =>
        rules.Any(r => r.AbortIncompleteMultipartUploadDays is { } days && upload.Key.StartsWith(r.Filter.Prefix, StringComparison.Ordinal) &&
                       Due(upload.Initiated, days) <= now);

    private static bool Colder(string candidate, string than) => StorageClasses.Temperature(candidate) > StorageClasses.Temperature(than);
}
