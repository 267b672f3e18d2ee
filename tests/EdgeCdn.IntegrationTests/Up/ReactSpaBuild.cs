using EdgeCdn.TestCommon;

namespace EdgeCdn.IntegrationTests.Up;

/// <summary>
/// examples/react-spa built once per test run with npm (copied to a temp folder first, so the repository is not
/// touched): dist/ holds index.html and fingerprinted assets.
/// </summary>
public sealed class ReactSpaBuild : IAsyncLifetime
{
    private readonly TempDirectory _work = new("edgecdn-spa");

    public string Dist => _work.Combine("react-spa", "dist");

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EdgeCdn.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("EdgeCdn.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public async Task InitializeAsync()
    {
        var source = Path.Combine(RepositoryRoot, "examples", "react-spa");
        var target = _work.Combine("react-spa");
        CopyTree(source, target);
        foreach (var step in new[] { new[] { "ci", "--no-audit", "--no-fund" }, new[] { "run", "build" } })
        {
            using var npm = ChildProcess.Start("npm", step, workingDirectory: target);
            var code = await npm.WaitForExitAsync(TimeSpan.FromMinutes(5));
            if (code != 0)
            {
                throw new InvalidOperationException($"npm {string.Join(' ', step)} failed ({code}):\n{string.Join('\n', npm.Output)}");
            }
        }
    }

    public Task DisposeAsync()
    {
        _work.Dispose();
        return Task.CompletedTask;
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is not "node_modules" and not "dist")
            {
                CopyTree(dir, Path.Combine(to, name));
            }
        }
    }
}
