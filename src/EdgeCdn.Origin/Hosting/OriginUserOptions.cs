namespace EdgeCdn.Origin.Hosting;

/// <summary>A user of the origin and its access key pair.</summary>
public sealed class OriginUserOptions
{
    public string Name { get; set; } = string.Empty;

    public string AccessKey { get; set; } = string.Empty;

    public string SecretKey { get; set; } = string.Empty;

    // The secret must never reach a log through ToString.
    public override string ToString() => $"{Name} ({AccessKey})";
}
