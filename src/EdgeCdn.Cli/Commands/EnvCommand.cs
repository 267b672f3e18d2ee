using System.CommandLine;
using EdgeCdn.Cli.Up;

namespace EdgeCdn.Cli.Commands;

/// <summary>`edgecdn env`: shell exports for the local chain (credentials, endpoint, admin token), for
/// <c>eval "$(edgecdn env)"</c>, so that the aws CLI, deploy and bench find it.</summary>
internal static class EnvCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "The chain's data directory (default ./.edgecdn; env EDGECDN_DATA_DIR)." };
        var command = new Command("env", "Print shell exports for the chain started by `edgecdn up`.") { dataDir };
        command.SetAction(parse =>
        {
            var data = Path.GetFullPath(parse.GetValue(dataDir) ?? Environment.GetEnvironmentVariable("EDGECDN_DATA_DIR") ?? ".edgecdn");
            var credentials = ChainCredentials.TryLoad(data);
            if (credentials is null)
            {
                error.WriteLine($"No credentials in {data}: run `edgecdn up` first (or pass --data-dir).");
                return 2;
            }

            var state = ChainState.TryLoad(data);
            output.WriteLine($"export AWS_ACCESS_KEY_ID={credentials.AccessKey}");
            output.WriteLine($"export AWS_SECRET_ACCESS_KEY='{credentials.SecretKey}'");
            output.WriteLine($"export AWS_DEFAULT_REGION={state?.Region ?? "us-east-1"}");
            output.WriteLine($"export EDGECDN_ADMIN_TOKEN={credentials.AdminToken}");
            if (state is not null)
            {
                output.WriteLine($"export EDGECDN_ORIGIN_URL={state.OriginUrl}");
                output.WriteLine($"export AWS_ENDPOINT_URL={state.OriginUrl}");
            }

            return 0;
        });
        return command;
    }
}
