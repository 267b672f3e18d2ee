using System.Buffers;

namespace EdgeCdn.Core.Caching;

/// <summary>
/// Builds a cache key into a caller-provided buffer (stack memory on the hit path), growing into a pooled array
/// when needed. Sections are separated by U+001E and items within a section by U+001F; an input that contains a
/// control character marks the key as unusable (<see cref="IsCacheable"/> false) so that no two different requests
/// can ever produce the same key — the response is then neither looked up nor stored.
/// Layout: distribution ␞ path ␞ query ␞ headers ␞ cookies ␞ variant.
/// </summary>
public ref struct CacheKeyBuilder
{
    public const char SectionSeparator = '\u001e';
    public const char ItemSeparator = '\u001f';

    private Span<char> _buffer;
    private char[]? _rented;
    private int _length;
    private bool _poisoned;

    public CacheKeyBuilder(Span<char> initialBuffer)
    {
        _buffer = initialBuffer;
        _rented = null;
        _length = 0;
        _poisoned = false;
    }

    public readonly bool IsCacheable => !_poisoned;

    public readonly ReadOnlySpan<char> Written => _buffer[.._length];

    /// <summary>The key prefix shared by every key of one distribution: its id and a section separator.</summary>
    public static string DistributionPrefix(string distributionId) => distributionId + SectionSeparator;

    /// <summary>Appends trusted text (a distribution prefix, a configured name) as is.</summary>
    public void AppendRaw(ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        text.CopyTo(_buffer[_length..]);
        _length += text.Length;
    }

    /// <summary>Starts a new section.</summary>
    public void AppendSection()
    {
        AppendChar(SectionSeparator);
    }

    /// <summary>Appends viewer input; any control character in it makes the key uncacheable.</summary>
    public void AppendValue(ReadOnlySpan<char> value)
    {
        if (ContainsControl(value))
        {
            _poisoned = true;
        }

        AppendRaw(value);
    }

    /// <summary>Appends one name=value item of the headers or cookies section.</summary>
    public void AppendItem(ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        if (_length > 0 && _buffer[_length - 1] != SectionSeparator)
        {
            AppendChar(ItemSeparator);
        }

        AppendValue(name);
        AppendChar('=');
        AppendValue(value);
    }

    public override readonly string ToString() => new(Written);

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private static bool ContainsControl(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c < ' ' || c == '\u007f')
            {
                return true;
            }
        }

        return false;
    }

    private void AppendChar(char c)
    {
        Ensure(1);
        _buffer[_length++] = c;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer[.._length].CopyTo(bigger);
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
        }

        _rented = bigger;
        _buffer = bigger;
    }
}
