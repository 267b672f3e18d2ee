using System.CommandLine;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using EdgeCdn.Cli.Deploy;
using Spectre.Console;

namespace EdgeCdn.Cli.Commands;

/// <summary>
/// `edgecdn deploy ./build --bucket site`: uploads a static site or SPA build like `aws s3 sync`, made for it —
/// only changed files (by ETag), content types, immutable caching for fingerprinted assets and no-cache for HTML,
/// optional deletion of files no longer present — then invalidates exactly the changed non-fingerprinted paths
/// on every edge and waits until each edge confirms.
/// </summary>
internal static class DeployCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The build folder to deploy (e.g. ./dist)." };
        var bucket = new Option<string>("--bucket") { Description = "The bucket to deploy into.", Required = true };
        var prefix = new Option<string>("--prefix") { Description = "Key prefix inside the bucket (the distribution's origin path).", DefaultValueFactory = _ => string.Empty };
        var endpoint = new Option<string>("--endpoint-url") { Description = "S3 endpoint (our origin, or any S3-compatible service).", DefaultValueFactory = _ => CliCredentials.DefaultOriginUrl };
        var region = new Option<string>("--region") { DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1" };
        var delete = new Option<bool>("--delete") { Description = "Delete objects under the prefix that have no local file." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change; change nothing." };
        var parallel = new Option<int>("--parallel") { Description = "Files uploaded at once.", DefaultValueFactory = _ => 8 };
        var edges = new Option<string[]>("--edge") { Description = "Edge node URL to invalidate on (repeatable; default: every edge of the running `edgecdn up`); the admin token comes from EDGECDN_ADMIN_TOKEN or the local chain.", Arity = ArgumentArity.ZeroOrMore };
        var distribution = new Option<string?>("--distribution") { Description = "The distribution whose cache is invalidated (default: the edge's only one)." };

        var command = new Command("deploy", "Upload a static site / SPA build to a bucket and invalidate what changed on every edge.")
        {
            folder, bucket, prefix, endpoint, region, delete, dryRun, parallel, edges, distribution,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = parse.GetValue(folder)!;
            if (!root.Exists)
            {
                error.WriteLine($"No such folder: {root.FullName}");
                return 2;
            }

            var credential = CliCredentials.FromEnvironment();
            if (credential is null)
            {
                error.WriteLine(CliCredentials.Missing);
                return 2;
            }

            var keyPrefix = parse.GetValue(prefix)!.Trim('/');
            keyPrefix = keyPrefix.Length == 0 ? string.Empty : keyPrefix + "/";
            var bucketName = parse.GetValue(bucket)!;
            try
            {
                using var s3 = new AmazonS3Client(new BasicAWSCredentials(credential.AccessKeyId, credential.SecretAccessKey), new AmazonS3Config
                {
                    ServiceURL = parse.GetValue(endpoint),
                    ForcePathStyle = true,
                    AuthenticationRegion = parse.GetValue(region),
                });
                var deployer = new SiteDeployer(s3, bucketName, keyPrefix);
                var local = await LocalSiteScanner.ScanAsync(root.FullName, cancellationToken);
                var remote = await deployer.ListRemoteAsync(cancellationToken);
                var plan = DeployPlan.Create(local, remote, keyPrefix, parse.GetValue(delete));

                if (parse.GetValue(dryRun))
                {
                    foreach (var f in plan.Uploads)
                    {
                        output.WriteLine($"upload  {keyPrefix}{f.RelativePath}  ({f.Size:N0} B, {CacheControlPolicy.For(f.RelativePath)})");
                    }

                    foreach (var k in plan.Deletes)
                    {
                        output.WriteLine($"delete  {k}");
                    }

                    foreach (var p in plan.InvalidationPaths)
                    {
                        output.WriteLine($"invalidate  {p}");
                    }

                    output.WriteLine(Summary(plan, dryRun: true));
                    return 0;
                }

                await UploadWithProgressAsync(deployer, plan, parse.GetValue(parallel), output, cancellationToken);
                if (plan.Deletes.Count > 0)
                {
                    await deployer.DeleteAsync(plan.Deletes, cancellationToken);
                }

                output.WriteLine(Summary(plan, dryRun: false));
                var given = parse.GetValue(edges) ?? [];
                var localChain = Up.ChainState.TryLoad(CliCredentials.LocalDataDirectory);
                var edgeUris = (given.Length > 0 ? given : localChain?.Edges.Select(e => e.HttpUrl) ?? []).Select(e => new Uri(e, UriKind.Absolute)).ToList();
                if (plan.InvalidationPaths.Count == 0 || edgeUris.Count == 0)
                {
                    if (plan.InvalidationPaths.Count > 0)
                    {
                        output.WriteLine($"{plan.InvalidationPaths.Count} changed path(s) to invalidate, but no --edge was given.");
                    }

                    return 0;
                }

                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                var token = Environment.GetEnvironmentVariable("EDGECDN_ADMIN_TOKEN") ?? Up.ChainCredentials.TryLoad(CliCredentials.LocalDataDirectory)?.AdminToken;
                var client = new EdgeInvalidationClient(http, token);
                var results = await client.InvalidateAsync(edgeUris, plan.InvalidationPaths, parse.GetValue(distribution), TimeSpan.FromSeconds(60), cancellationToken);
                foreach (var r in results)
                {
                    output.WriteLine(r.Completed
                        ? $"invalidated {plan.InvalidationPaths.Count} path(s) on {r.Edge} ({r.Id})"
                        : $"invalidation on {r.Edge} FAILED: {r.Error}");
                }

                return results.All(r => r.Completed) ? 0 : 1;
            }
            catch (AmazonServiceException e)
            {
                error.WriteLine($"{e.ErrorCode}: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                error.WriteLine(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static async Task UploadWithProgressAsync(SiteDeployer deployer, DeployPlan plan, int parallelism, TextWriter output, CancellationToken cancellationToken)
    {
        if (plan.Uploads.Count == 0)
        {
            return;
        }

        if (output != Console.Out || Console.IsOutputRedirected)
        {
            var done = 0;
            await deployer.UploadAsync(plan.Uploads, parallelism, _ => { }, file =>
            {
                var n = Interlocked.Increment(ref done);
                lock (output)
                {
                    output.WriteLine($"[{n}/{plan.Uploads.Count}] {file.RelativePath}");
                }
            }, cancellationToken);
            return;
        }

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var files = context.AddTask($"files (0/{plan.Uploads.Count})", maxValue: plan.Uploads.Count);
                var bytes = context.AddTask("bytes", maxValue: Math.Max(1, plan.UploadBytes));
                var done = 0;
                await deployer.UploadAsync(plan.Uploads, parallelism, b => bytes.Increment(b), _ =>
                {
                    var n = Interlocked.Increment(ref done);
                    files.Increment(1);
                    files.Description = $"files ({n}/{plan.Uploads.Count})";
                }, cancellationToken);
            });
    }

    private static string Summary(DeployPlan plan, bool dryRun) => string.Create(CultureInfo.InvariantCulture,
        $"{(dryRun ? "would upload" : "uploaded")} {plan.Uploads.Count} file(s) ({plan.UploadBytes / 1024.0 / 1024.0:0.##} MiB), {(dryRun ? "would delete" : "deleted")} {plan.Deletes.Count}, {plan.Unchanged} unchanged; {plan.InvalidationPaths.Count} path(s) to invalidate");
}
