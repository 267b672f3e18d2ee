using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace EdgeCdn.Edge.Observability;

/// <summary>
/// A small Prometheus exporter (no exporter package restores here): a MeterListener on the EdgeCdn meters that
/// aggregates counters, gauges and histograms per tag set, and writes the text exposition format on scrape.
/// Measurements are aggregated with interlocked operations; series are found by comparing tag values (interned
/// strings) without allocating.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    /// <summary>Latency buckets in seconds: 50 µs to 10 s.</summary>
    private static readonly double[] Bounds = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly Lock _collectGate = new();

    /// <param name="meterFactory">Only meters from this factory are exported: several edges in one process (tests)
    /// each export their own.</param>
    public PrometheusExporter(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("EdgeCdn", StringComparison.Ordinal) && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                _instruments[instrument] = new InstrumentState(instrument);
                listener.EnableMeasurementEvents(instrument, _instruments[instrument]);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>The exposition text for every instrument seen so far.</summary>
    public string Scrape()
    {
        lock (_collectGate)
        {
            foreach (var state in _instruments.Values)
            {
                state.ResetGauges();
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder(4096);
            foreach (var state in _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                state.Write(text);
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private sealed class InstrumentState
    {
        private readonly Instrument _instrument;
        private readonly Lock _gate = new();
        private readonly bool _histogram;
        private readonly bool _gauge;
        private Series[] _series = [];

        public InstrumentState(Instrument instrument)
        {
            _instrument = instrument;
            var type = instrument.GetType();
            _histogram = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Histogram<>);
            _gauge = instrument is ObservableInstrument<long> or ObservableInstrument<int> or ObservableInstrument<double> &&
                !(type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ObservableCounter<>));
            var name = instrument.Name.Replace('.', '_').Replace('-', '_');
            name = instrument.Unit switch
            {
                "s" when !name.EndsWith("_seconds", StringComparison.Ordinal) => name + "_seconds",
                "By" when !name.EndsWith("_bytes", StringComparison.Ordinal) => name + "_bytes",
                _ => name,
            };
            Name = !_histogram && !_gauge ? name + "_total" : name;
        }

        public string Name { get; }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var series = Find(tags);
            if (_gauge || _instrument.IsObservable)
            {
                // An observable counter reports its running total: set, not added.
                series.Set(value);
            }
            else if (_histogram)
            {
                series.Observe(value);
            }
            else
            {
                series.Add(value);
            }
        }

        public void ResetGauges()
        {
            if (_gauge)
            {
                lock (_gate)
                {
                    _series = [];
                }
            }
        }

        public void Write(StringBuilder text)
        {
            var all = Volatile.Read(ref _series);
            if (all.Length == 0)
            {
                return;
            }

            var type = _histogram ? "histogram" : _gauge ? "gauge" : "counter";
            text.Append("# HELP ").Append(Name).Append(' ').Append(Escape(_instrument.Description ?? _instrument.Name, help: true)).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
            foreach (var series in all)
            {
                if (_histogram)
                {
                    long cumulative = 0;
                    for (var i = 0; i <= Bounds.Length; i++)
                    {
                        cumulative += Interlocked.Read(ref series.Buckets[i]);
                        var le = i < Bounds.Length ? Bounds[i].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
                        text.Append(Name).Append("_bucket");
                        WriteLabels(text, series.Tags, ("le", le));
                        text.Append(' ').Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }

                    text.Append(Name).Append("_sum");
                    WriteLabels(text, series.Tags, null);
                    text.Append(' ').Append(series.Sum.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                    text.Append(Name).Append("_count");
                    WriteLabels(text, series.Tags, null);
                    text.Append(' ').Append(Interlocked.Read(ref series.Count).ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
                else
                {
                    text.Append(Name);
                    WriteLabels(text, series.Tags, null);
                    text.Append(' ').Append(series.Value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        private static void WriteLabels(StringBuilder text, KeyValuePair<string, object?>[] tags, (string Name, string Value)? extra)
        {
            if (tags.Length == 0 && extra is null)
            {
                return;
            }

            text.Append('{');
            var first = true;
            foreach (var (name, value) in tags)
            {
                if (!first)
                {
                    text.Append(',');
                }

                first = false;
                text.Append(name.Replace('.', '_')).Append("=\"").Append(Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, help: false)).Append('"');
            }

            if (extra is { } e)
            {
                if (!first)
                {
                    text.Append(',');
                }

                text.Append(e.Name).Append("=\"").Append(e.Value).Append('"');
            }

            text.Append('}');
        }

        private static string Escape(string value, bool help)
        {
            var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            return help ? escaped : escaped.Replace("\"", "\\\"", StringComparison.Ordinal);
        }

        private Series Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var series in Volatile.Read(ref _series))
            {
                if (series.Matches(tags))
                {
                    return series;
                }
            }

            lock (_gate)
            {
                foreach (var series in _series)
                {
                    if (series.Matches(tags))
                    {
                        return series;
                    }
                }

                var created = new Series(tags.ToArray(), _histogram ? Bounds.Length + 1 : 0);
                Volatile.Write(ref _series, [.. _series, created]);
                return created;
            }
        }
    }

    private sealed class Series
    {
        public readonly KeyValuePair<string, object?>[] Tags;
        public readonly long[] Buckets;
        public long Count;
        private long _valueBits;
        private long _sumBits;

        public Series(KeyValuePair<string, object?>[] tags, int buckets)
        {
            Tags = tags;
            Buckets = new long[buckets];
        }

        public double Value => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _valueBits));

        public double Sum => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits));

        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length != Tags.Length)
            {
                return false;
            }

            for (var i = 0; i < tags.Length; i++)
            {
                if (!string.Equals(tags[i].Key, Tags[i].Key, StringComparison.Ordinal) || !Equals(tags[i].Value, Tags[i].Value))
                {
                    return false;
                }
            }

            return true;
        }

        public void Set(double value) => Interlocked.Exchange(ref _valueBits, BitConverter.DoubleToInt64Bits(value));

        public void Add(double value) => AddBits(ref _valueBits, value);

        public void Observe(double value)
        {
            var i = Array.BinarySearch(Bounds, value);
            var bucket = i >= 0 ? i : ~i;
            Interlocked.Increment(ref Buckets[bucket]);
            Interlocked.Increment(ref Count);
            AddBits(ref _sumBits, value);
        }

        private static void AddBits(ref long bits, double value)
        {
            long current, updated;
            do
            {
                current = Interlocked.Read(ref bits);
                updated = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + value);
            }
            while (Interlocked.CompareExchange(ref bits, updated, current) != current);
        }
    }
}
