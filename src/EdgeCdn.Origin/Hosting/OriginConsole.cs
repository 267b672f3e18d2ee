namespace EdgeCdn.Origin.Hosting;

/// <summary>Where the origin prints what an operator must see once (generated credentials): standard output by default.</summary>
public sealed class OriginConsole
{
    public OriginConsole(TextWriter output)
    {
        Out = output;
    }

    public TextWriter Out { get; }
}
