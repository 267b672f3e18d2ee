using System.Numerics;

namespace EdgeCdn.Edge.Caching;

/// <summary>
/// A counter bumped from the hit path of every core: one cell per processor, each on its own cache lines, so
/// concurrent increments do not bounce one line between cores. Reading sums the cells (scrapes only).
/// </summary>
internal sealed class StripedCounter
{
    // 16 longs = 128 bytes between cells: adjacent-line prefetching cannot pair two cells either.
    private const int Stride = 16;

    private readonly long[] _cells;
    private readonly int _mask;

    public StripedCounter()
    {
        var slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount));
        _mask = slots - 1;
        _cells = new long[(slots + 1) * Stride];
    }

    public void Increment() => Interlocked.Increment(ref _cells[((Thread.GetCurrentProcessorId() & _mask) + 1) * Stride]);

    public void Add(long value) => Interlocked.Add(ref _cells[((Thread.GetCurrentProcessorId() & _mask) + 1) * Stride], value);

    public long Value
    {
        get
        {
            long total = 0;
            for (var i = Stride; i < _cells.Length; i += Stride)
            {
                total += Interlocked.Read(ref _cells[i]);
            }

            return total;
        }
    }
}
