using EdgeCdn.Edge.Hosting;

// dotnet run --project src/EdgeCdn.Edge.Host -- --urls http://127.0.0.1:8080 --config config/edge.json
return await EdgeNode.RunAsync(args);
