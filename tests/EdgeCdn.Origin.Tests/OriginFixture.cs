namespace EdgeCdn.Origin.Tests;

/// <summary>One origin shared by the tests of a collection (each test uses its own buckets).</summary>
public sealed class OriginFixture : IAsyncLifetime
{
    public OriginServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await OriginServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class OriginCollection : ICollectionFixture<OriginFixture>
{
    public const string Name = "origin";
}
