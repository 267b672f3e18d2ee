using EdgeCdn.Origin.Encryption;
using EdgeCdn.Origin.Lifecycle;
using EdgeCdn.Origin.Restore;
using EdgeCdn.Origin.Website;

namespace EdgeCdn.Origin.Hosting;

/// <summary>The origin bucket service's settings: configuration section <c>Origin</c>.</summary>
public sealed class OriginOptions
{
    public const string SectionName = "Origin";

    /// <summary>Where blobs, the metadata database and generated credentials live.</summary>
    public string DataDirectory { get; set; } = "./.edgecdn/origin";

    /// <summary>The region requests must be signed for and GetBucketLocation reports.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Requests to <c>bucket.&lt;BaseDomain&gt;</c> are virtual-host-style; everything else is path-style.</summary>
    public string BaseDomain { get; set; } = "s3.localhost";

    /// <summary>The 12-digit account id in the ARNs policies use (arn:aws:iam::&lt;id&gt;:user/alice).</summary>
    public string AccountId { get; set; } = Core.S3.OriginAccessControl.DefaultAccountId;

    /// <summary>Users and service identities with their access keys. Buckets belong to the user who created them.</summary>
    public List<OriginUserOptions> Users { get; set; } = [];

    /// <summary>The administrator (may use every bucket). Set from EDGECDN_ACCESS_KEY / EDGECDN_SECRET_KEY; when
    /// neither this nor <see cref="Users"/> is configured, the first start generates one into the data directory.</summary>
    public OriginUserOptions? RootUser { get; set; }

    /// <summary>How far a request's signing time may be from the server's clock (S3: 15 minutes).</summary>
    public TimeSpan AllowedClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Largest object a single PUT (or copy) may create; S3: 5 GiB.</summary>
    public long MaxObjectBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Largest multipart part; S3: 5 GiB.</summary>
    public long MaxPartBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Smallest part except the last of a completed upload; S3: 5 MiB.</summary>
    public long MinPartBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>Highest part number; S3: 10,000.</summary>
    public int MaxPartsPerUpload { get; set; } = 10_000;

    /// <summary>Largest XML request body (CompleteMultipartUpload with 10,000 parts, DeleteObjects with 1,000 keys).</summary>
    public int MaxXmlBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>fsync blobs, their directories and SQLite commits so that acknowledged writes survive power loss,
    /// not only a process crash. Turning it off is for throwaway data only.</summary>
    public bool FsyncWrites { get; set; } = true;

    public EncryptionOptions Encryption { get; set; } = new();

    public HotObjectOptions HotObjects { get; set; } = new();

    public RestoreOptions Restore { get; set; } = new();

    public LifecycleOptions Lifecycle { get; set; } = new();

    public WebsiteOptions Website { get; set; } = new();
}

/// <summary>Small objects kept decrypted in memory once read (section Origin:HotObjects): a popular object is then
/// served without touching its file. Never SSE-C objects. MemoryBytes 0 turns it off.</summary>
public sealed class HotObjectOptions
{
    /// <summary>At most this many bytes of plaintext in memory.</summary>
    public long MemoryBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Only objects (or multipart parts) of at most this size are kept.</summary>
    public long MaxObjectBytes { get; set; } = 64 * 1024;
}
