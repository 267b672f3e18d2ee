using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using LifecycleEvaluator = EdgeCdn.Origin.Lifecycle.LifecycleEvaluator;

namespace EdgeCdn.Origin.Tests.Lifecycle;

/// <summary>
/// Lifecycle configurations through the real AWS SDK (stored, read back, refused with S3's codes while the previous
/// configuration stays in force) and applied by the worker on the server's clock moved days ahead: expirations (delete
/// markers in a versioned bucket, permanent deletes in an unversioned one), transitions by prefix and size, tag filters,
/// noncurrent-version expiration, expired delete markers, aborted uploads, disabled rules left alone.
/// </summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private OriginServer _server = null!;
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _server = await OriginServer.StartAsync();
        _s3 = _server.Client();
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Configuration_StoredAndReadBack_ThenDeleted()
    {
        await _s3.PutBucketAsync("lc-config");
        await _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = "lc-config",
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    new LifecycleRule
                    {
                        Id = "archive-large-logs",
                        Status = LifecycleRuleStatus.Enabled,
                        Filter = new LifecycleFilter
                        {
                            And = new LifecycleRuleAndOperator { Prefix = "logs/", Tags = [new Tag { Key = "class", Value = "debug" }], ObjectSizeGreaterThan = 1024 },
                        },
                        Transitions =
                        [
                            new LifecycleTransition { Days = 30, StorageClass = S3StorageClass.StandardInfrequentAccess },
                            new LifecycleTransition { Days = 90, StorageClass = S3StorageClass.Glacier },
                        ],
                        Expiration = new LifecycleRuleExpiration { Days = 365 },
                        NoncurrentVersionTransitions = [new LifecycleRuleNoncurrentVersionTransition { NoncurrentDays = 30, StorageClass = S3StorageClass.Glacier }],
                        NoncurrentVersionExpiration = new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = 60, NewerNoncurrentVersions = 2 },
                    },
                    new LifecycleRule
                    {
                        Id = "uploads",
                        Status = LifecycleRuleStatus.Disabled,
                        Filter = new LifecycleFilter { Prefix = "tmp/" },
                        AbortIncompleteMultipartUpload = new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = 7 },
                    },
                ],
            },
        });

        var stored = await _s3.GetLifecycleConfigurationAsync("lc-config");
        await _s3.DeleteLifecycleConfigurationAsync("lc-config");
        var raw = await RawSigned.SendAsync(_server.BaseUri, "GET", "/lc-config", "lifecycle=");

        Assert.Equal(["archive-large-logs", "uploads"], stored.Configuration.Rules.Select(r => r.Id));
        var rule = stored.Configuration.Rules[0];
        // The SDK reads <And> back as the predicate form (LifecycleAndOperator with operands).
        var and = Assert.IsType<LifecycleAndOperator>(rule.Filter.LifecycleFilterPredicate);
        Assert.Equal("logs/", and.Operands.OfType<LifecyclePrefixPredicate>().Single().Prefix);
        Assert.Equal(1024, and.Operands.OfType<LifecycleObjectSizeGreaterThanPredicate>().Single().ObjectSizeGreaterThan);
        Assert.Equal("debug", and.Operands.OfType<LifecycleTagPredicate>().Single().Tag.Value);
        Assert.Equal([S3StorageClass.StandardInfrequentAccess, S3StorageClass.Glacier], rule.Transitions.Select(t => t.StorageClass));
        Assert.Equal(365, rule.Expiration.Days);
        Assert.Equal(2, rule.NoncurrentVersionExpiration.NewerNoncurrentVersions);
        Assert.Equal(LifecycleRuleStatus.Disabled, stored.Configuration.Rules[1].Status);
        Assert.Equal(7, stored.Configuration.Rules[1].AbortIncompleteMultipartUpload.DaysAfterInitiation);
        Assert.Equal(404, raw.StatusCode);
        Assert.Contains("<Code>NoSuchLifecycleConfiguration</Code>", raw.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverlappingOrContradictoryRules_Refused_PreviousConfigurationKept()
    {
        await _s3.PutBucketAsync("lc-bad");
        var good = new LifecycleRule { Id = "keep", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "a/" }, Expiration = new LifecycleRuleExpiration { Days = 10 } };
        await PutRulesAsync("lc-bad", good);

#pragma warning disable CS0618 // the rule-level Prefix is the form whose overlaps S3 refuses
        var overlapping = await S3Assert.FailsAsync("InvalidRequest", HttpStatusCode.BadRequest, () => PutRulesAsync("lc-bad",
            new LifecycleRule { Id = "logs", Status = LifecycleRuleStatus.Enabled, Prefix = "logs/", Expiration = new LifecycleRuleExpiration { Days = 30 } },
            new LifecycleRule { Id = "old-logs", Status = LifecycleRuleStatus.Enabled, Prefix = "logs/2024/", Expiration = new LifecycleRuleExpiration { Days = 7 } }));
#pragma warning restore CS0618
        var contradictory = await S3Assert.FailsAsync("InvalidArgument", HttpStatusCode.BadRequest, () => PutRulesAsync("lc-bad",
            new LifecycleRule
            {
                Id = "backwards", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "b/" },
                Transitions = [new LifecycleTransition { Days = 60, StorageClass = S3StorageClass.Glacier }],
                Expiration = new LifecycleRuleExpiration { Days = 30 },
            }));
        var tooEarlyIa = await S3Assert.FailsAsync("InvalidArgument", HttpStatusCode.BadRequest, () => PutRulesAsync("lc-bad",
            new LifecycleRule
            {
                Id = "ia", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "c/" },
                Transitions = [new LifecycleTransition { Days = 10, StorageClass = S3StorageClass.StandardInfrequentAccess }],
            }));
        var duplicateIds = await S3Assert.FailsAsync("InvalidArgument", HttpStatusCode.BadRequest, () => PutRulesAsync("lc-bad",
            new LifecycleRule { Id = "same", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "d/" }, Expiration = new LifecycleRuleExpiration { Days = 1 } },
            new LifecycleRule { Id = "same", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "e/" }, Expiration = new LifecycleRuleExpiration { Days = 1 } }));
        var notMidnight = await S3Assert.FailsAsync("InvalidArgument", HttpStatusCode.BadRequest, () => PutRulesAsync("lc-bad",
            new LifecycleRule
            {
                Id = "date", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "f/" },
                Expiration = new LifecycleRuleExpiration { Date = new DateTime(2030, 1, 1, 12, 0, 0, DateTimeKind.Utc) },
            }));
        var stored = await _s3.GetLifecycleConfigurationAsync("lc-bad");

        Assert.Contains("overlapping prefixes 'logs/' and 'logs/2024/'", overlapping.Message, StringComparison.Ordinal);
        Assert.Contains("Expiration action", contradictory.Message, StringComparison.Ordinal);
        Assert.Contains("30", tooEarlyIa.Message, StringComparison.Ordinal);
        Assert.Contains("unique", duplicateIds.Message, StringComparison.Ordinal);
        Assert.Contains("midnight", notMidnight.Message, StringComparison.Ordinal);
        var kept = Assert.Single(stored.Configuration.Rules);
        Assert.Equal("keep", kept.Id);
        Assert.Equal(10, kept.Expiration.Days);
    }

    [Fact]
    public async Task Worker_UnderAShiftedClock_AppliesExpirationsTransitionsAndNoncurrentRules()
    {
        const string bucket = "lc-work";
        await _s3.PutBucketAsync(bucket);
        await _s3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        await PutAsync(bucket, "logs/a.log", "a");
        await PutAsync(bucket, "media/photo.jpg", new string('p', 2000));
        await PutAsync(bucket, "media/tiny.txt", "t");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "tagged/x.txt", ContentBody = "x", TagSet = [new Tag { Key = "expire", Value = "yes" }] });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "tagged/y.txt", ContentBody = "y", TagSet = [new Tag { Key = "expire", Value = "no" }] });
        await PutAsync(bucket, "docs/doc.txt", "first");
        await PutAsync(bucket, "docs/doc.txt", "second");
        await PutAsync(bucket, "gone.txt", "gone");
        await _s3.DeleteObjectAsync(bucket, "gone.txt");
        await _s3.InitiateMultipartUploadAsync(bucket, "uploads/never-finished.bin");
        await PutRulesAsync(bucket,
            new LifecycleRule { Id = "logs", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "logs/" }, Expiration = new LifecycleRuleExpiration { Days = 1 } },
            new LifecycleRule
            {
                Id = "large-media", Status = LifecycleRuleStatus.Enabled,
                Filter = new LifecycleFilter { And = new LifecycleRuleAndOperator { Prefix = "media/", ObjectSizeGreaterThan = 1000 } },
                Transitions = [new LifecycleTransition { Days = 0, StorageClass = S3StorageClass.Glacier }],
            },
            new LifecycleRule
            {
                Id = "tagged", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Tag = new Tag { Key = "expire", Value = "yes" } },
                Expiration = new LifecycleRuleExpiration { Days = 1 },
            },
            new LifecycleRule
            {
                Id = "history", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = string.Empty },
                Expiration = new LifecycleRuleExpiration { ExpiredObjectDeleteMarker = true },
                NoncurrentVersionExpiration = new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = 1 },
                AbortIncompleteMultipartUpload = new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = 1 },
            },
            new LifecycleRule { Id = "off", Status = LifecycleRuleStatus.Disabled, Filter = new LifecycleFilter { Prefix = "media/" }, Expiration = new LifecycleRuleExpiration { Days = 1 } });

        var tooEarly = await _server.LifecycleWorker.RunOnceAsync();
        _server.Clock.Offset = TimeSpan.FromDays(3);
        var first = await _server.LifecycleWorker.RunOnceAsync();
        var second = await _server.LifecycleWorker.RunOnceAsync();
        _server.Clock.Offset = TimeSpan.Zero;

        var current = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        var versions = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });
        var uploads = await _s3.ListMultipartUploadsAsync(bucket);

        Assert.Equal(0, tooEarly.Expired + tooEarly.VersionsRemoved + tooEarly.UploadsAborted);
        Assert.Equal(2, first.Expired);
        Assert.Equal(2, first.VersionsRemoved);
        Assert.Equal(1, tooEarly.Transitioned + first.Transitioned);
        Assert.Equal(1, first.UploadsAborted);
        Assert.Equal(1, second.VersionsRemoved);
        Assert.Equal(["docs/doc.txt", "media/photo.jpg", "media/tiny.txt", "tagged/y.txt"], current.S3Objects.Select(o => o.Key));
        Assert.Equal(S3StorageClass.Glacier, current.S3Objects.Single(o => o.Key == "media/photo.jpg").StorageClass);
        Assert.Equal(S3StorageClass.Standard, current.S3Objects.Single(o => o.Key == "media/tiny.txt").StorageClass);
        Assert.Single(versions.Versions, v => v.Key == "docs/doc.txt");
        Assert.DoesNotContain(versions.Versions, v => v.Key == "gone.txt");
        Assert.Contains(versions.Versions, v => v.Key == "logs/a.log" && v.IsDeleteMarker == true);
        Assert.Contains(versions.Versions, v => v.Key == "logs/a.log" && v.IsDeleteMarker != true);
        Assert.Empty(uploads.MultipartUploads ?? []);
        using var doc = await _s3.GetObjectAsync(bucket, "docs/doc.txt");
        Assert.Equal("second", await S3Assert.TextAsync(doc));
    }

    [Fact]
    public async Task Worker_InAnUnversionedBucket_DeletesForGood_OnTheRuleDate()
    {
        await _s3.PutBucketAsync("lc-plain");
        await PutAsync("lc-plain", "tmp/a", "a");
        await PutAsync("lc-plain", "keep/b", "b");
        var midnight = DateTime.UtcNow.Date.AddDays(2);
        await PutRulesAsync("lc-plain", new LifecycleRule
        {
            Id = "tmp", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "tmp/" }, Expiration = new LifecycleRuleExpiration { Date = midnight },
        });

        await _server.LifecycleWorker.RunOnceAsync();
        var before = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "lc-plain" });
        _server.Clock.Offset = midnight - DateTime.UtcNow + TimeSpan.FromMinutes(1);
        await _server.LifecycleWorker.RunOnceAsync();
        _server.Clock.Offset = TimeSpan.Zero;
        var after = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = "lc-plain" });

        Assert.Equal(2, before.KeyCount);
        Assert.Equal(["keep/b"], after.Versions.Select(v => v.Key));
    }

    [Fact]
    public void Due_IsCreationPlusDays_RoundedUpToTheNextMidnightUtc()
    {
        // S3's example: an object created 2014-01-15 10:30 UTC with a 3-day rule is due 2014-01-19 00:00 UTC.
        Assert.Equal(new DateTimeOffset(2014, 1, 19, 0, 0, 0, TimeSpan.Zero), LifecycleEvaluator.Due(new DateTimeOffset(2014, 1, 15, 10, 30, 0, TimeSpan.Zero), 3));
        // Midnight in UTC, not in the creation time's offset: 23:59 at UTC-2 is 01:59 UTC on the 16th.
        Assert.Equal(new DateTimeOffset(2014, 1, 17, 0, 0, 0, TimeSpan.Zero), LifecycleEvaluator.Due(new DateTimeOffset(2014, 1, 15, 23, 59, 0, TimeSpan.FromHours(-2)), 0));
    }

    private Task<PutObjectResponse> PutAsync(string bucket, string key, string body) =>
        _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body });

    private Task<PutLifecycleConfigurationResponse> PutRulesAsync(string bucket, params LifecycleRule[] rules) =>
        _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest { BucketName = bucket, Configuration = new LifecycleConfiguration { Rules = [.. rules] } });
}
