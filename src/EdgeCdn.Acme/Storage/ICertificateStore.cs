namespace EdgeCdn.Acme.Storage;

/// <summary>
/// Where certificates and their keys are kept between runs. The default keeps PEM files under the data directory;
/// a fleet of edges can share certificates through another implementation (registered before AddEdgeCdnAcme).
/// </summary>
public interface ICertificateStore
{
    /// <summary>Every stored certificate; entries that cannot be read are skipped (and logged), not thrown.</summary>
    Task<IReadOnlyList<StoredCertificate>> LoadAllAsync(CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="certificate"/>, replacing any earlier one for the same name set, atomically.</summary>
    Task SaveAsync(StoredCertificate certificate, CancellationToken cancellationToken);
}
