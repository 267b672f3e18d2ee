namespace EdgeCdn.Origin.Lifecycle;

/// <summary>What one pass of the lifecycle worker did.</summary>
internal sealed record LifecycleRunResult(int Expired, int Transitioned, int VersionsRemoved, int UploadsAborted)
{
    public bool DidAnything => Expired + Transitioned + VersionsRemoved + UploadsAborted > 0;
}
