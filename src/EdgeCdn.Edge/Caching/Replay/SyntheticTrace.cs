using System.Globalization;
using EdgeCdn.Core.Checksums;

namespace EdgeCdn.Edge.Caching.Replay;

/// <summary>
/// A seeded, deterministic synthetic trace: object popularity Zipf(alpha) over <see cref="Objects"/> objects, sizes
/// lognormal with the given median and sigma (fixed per object), and optionally a share of requests for one-hit
/// wonders (objects requested once, never again). Written as
/// <c>zipf:alpha=0.9,objects=1000000,requests=10000000,median=20KiB,sigma=1,onehit=0.3,seed=1</c>.
/// The same spec gives the same requests on every machine.
/// </summary>
public sealed class SyntheticTrace
{
    public double Alpha { get; init; } = 0.9;

    public int Objects { get; init; } = 1_000_000;

    public long Requests { get; init; } = 10_000_000;

    /// <summary>Median object size in bytes.</summary>
    public long MedianBytes { get; init; } = 20 * 1024;

    /// <summary>Standard deviation of the natural log of the size.</summary>
    public double Sigma { get; init; } = 1.0;

    /// <summary>Share of requests (0..1) that go to a new object never requested again.</summary>
    public double OneHitShare { get; init; }

    public ulong Seed { get; init; } = 1;

    /// <summary>Ids of one-hit wonders start here, above every Zipf object's id.</summary>
    public ulong OneHitBase => (ulong)Objects;

    public static bool TryParse(string text, out SyntheticTrace? trace, out string? error)
    {
        trace = null;
        error = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? text : text[..colon];
        if (!kind.Equals("zipf", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{kind}' is not a known synthetic trace (zipf:alpha=..,objects=..,requests=..,median=..,sigma=..,onehit=..,seed=..)";
            return false;
        }

        double alpha = 0.9, sigma = 1.0, onehit = 0;
        long objects = 1_000_000, requests = 10_000_000, median = 20 * 1024, seed = 1;
        foreach (var part in colon < 0 ? [] : text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            var ok = name.ToLowerInvariant() switch
            {
                "alpha" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out alpha) && alpha >= 0 && alpha <= 10,
                "sigma" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out sigma) && sigma >= 0 && sigma <= 10,
                "onehit" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out onehit) && onehit >= 0 && onehit < 1,
                "objects" => ByteSize.TryParse(value, out objects) && objects is >= 1 and <= 100_000_000,
                "requests" => ByteSize.TryParse(value, out requests) && requests >= 1,
                "median" => ByteSize.TryParse(value, out median) && median is >= 1 and <= uint.MaxValue,
                "seed" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed),
                _ => false,
            };
            if (!ok)
            {
                error = $"'{part}': unknown parameter or value out of range";
                return false;
            }
        }

        trace = new SyntheticTrace
        {
            Alpha = alpha, Objects = (int)objects, Requests = requests, MedianBytes = median, Sigma = sigma, OneHitShare = onehit, Seed = (ulong)seed,
        };
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"zipf:alpha={Alpha},objects={Objects},requests={Requests},median={MedianBytes},sigma={Sigma},onehit={OneHitShare},seed={Seed}");

    /// <summary>The requests, generated as they are read (nothing is held but the Zipf table).</summary>
    public IEnumerable<TraceRequest> Generate()
    {
        var sampler = new ZipfAliasSampler(Objects, Alpha);
        return GenerateCore(sampler);
    }

    /// <summary>The size of object <paramref name="id"/>: lognormal, the same every time for a seed.</summary>
    public long SizeOf(ulong id)
    {
        var state = Seed ^ (id * 0xD6E8FEB86659FD93UL) ^ 0x5851F42D4C957F2DUL;
        var u1 = ((SplitMix64.Next(ref state) >> 11) + 1) * (1.0 / ((1UL << 53) + 1));
        var u2 = (SplitMix64.Next(ref state) >> 11) * (1.0 / (1UL << 53));
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        var size = MedianBytes * Math.Exp(Sigma * normal);
        return (long)Math.Clamp(Math.Round(size), 1, uint.MaxValue);
    }

    private IEnumerable<TraceRequest> GenerateCore(ZipfAliasSampler sampler)
    {
        var random = new Xoshiro256(Seed);
        var nextOneHit = OneHitBase;
        for (long i = 0; i < Requests; i++)
        {
            ulong id;
            if (OneHitShare > 0 && random.NextDouble() < OneHitShare)
            {
                id = nextOneHit++;
            }
            else
            {
                id = (ulong)sampler.Next(ref random);
            }

            yield return new TraceRequest(i, id, SizeOf(id));
        }
    }
}
