using EdgeCdn.Origin.Hosting;

// The whole pipeline lives in EdgeCdn.Origin so that the tests start exactly this on a loopback port.
await using var app = OriginApplication.Create(args);
EdgeCdn.Core.Hosting.ParentLifetime.WatchIfAsked(app.Lifetime.StopApplication);
await app.RunAsync();
