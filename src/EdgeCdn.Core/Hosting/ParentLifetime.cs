namespace EdgeCdn.Core.Hosting;

/// <summary>
/// Lets a host started by another process (the origin and edges under <c>edgecdn up</c>) stop when that process is
/// gone, however it went: a SIGKILL or crash of the parent runs none of its clean-up, and orphaned hosts would keep
/// their ports. The parent starts the child with <see cref="EnvironmentVariable"/>=1 and holds the write end of the
/// child's standard input; the operating system closes it when the parent dies, so end of input means it is gone.
/// Off unless asked for: a host run from a terminal keeps its standard input to itself.
/// </summary>
public static class ParentLifetime
{
    public const string EnvironmentVariable = "EDGECDN_EXIT_WITH_PARENT";

    /// <summary>When <see cref="EnvironmentVariable"/> is 1, calls <paramref name="parentGone"/> once standard input
    /// ends (on a background thread); otherwise does nothing. Returns whether it is watching.</summary>
    public static bool WatchIfAsked(Action parentGone)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) != "1")
        {
            return false;
        }

        var thread = new Thread(() =>
        {
            try
            {
                using var input = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (input.Read(buffer) > 0)
                {
                    // The parent never writes; anything that arrives is ignored.
                }
            }
            catch (IOException)
            {
            }

            parentGone();
        })
        {
            IsBackground = true,
            Name = "parent lifetime",
        };
        thread.Start();
        return true;
    }
}
