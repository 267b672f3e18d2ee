using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/EdgeCdn.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
