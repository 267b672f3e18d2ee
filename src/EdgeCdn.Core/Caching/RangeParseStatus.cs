namespace EdgeCdn.Core.Caching;

/// <summary>What a Range header asks for (RFC 9110 §14).</summary>
public enum RangeParseStatus
{
    /// <summary>No Range, or a unit other than bytes: serve the whole representation.</summary>
    None,

    /// <summary>One or more satisfiable ranges.</summary>
    Satisfiable,

    /// <summary>Well-formed, but no range overlaps the representation: 416 with Content-Range: bytes */length.</summary>
    Unsatisfiable,

    /// <summary>A bytes= range that does not parse, or too many ranges: refused with 416 as well.</summary>
    Malformed,
}
