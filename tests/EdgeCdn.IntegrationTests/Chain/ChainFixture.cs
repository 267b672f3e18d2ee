namespace EdgeCdn.IntegrationTests.Chain;

/// <summary>One real origin shared by a collection; each test makes its own bucket and its own edge.</summary>
public sealed class ChainFixture : IAsyncLifetime
{
    public ChainOrigin Origin { get; private set; } = null!;

    public async Task InitializeAsync() => Origin = await ChainOrigin.StartAsync();

    public async Task DisposeAsync() => await Origin.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ChainCollection : ICollectionFixture<ChainFixture>
{
    public const string Name = "chain";
}
