namespace EdgeCdn.Core.Signing;

/// <summary>The parts of an HTTP request that AWS signatures cover, as the server received them.</summary>
public interface ISignableRequest
{
    /// <summary>The method in upper case (GET, PUT, ...).</summary>
    string Method { get; }

    /// <summary>The path exactly as on the wire: still percent-encoded, without the query.</summary>
    string RawPath { get; }

    /// <summary>The query exactly as on the wire, without the leading '?'; empty when there is none.</summary>
    string RawQuery { get; }

    /// <summary>
    /// The value of a header, looked up by its lower-case name; several values of one header are joined with ','.
    /// Null when the request does not carry it.
    /// </summary>
    string? GetHeader(string name);

    /// <summary>Every header name the request carries (lower case or not); SigV2 needs all x-amz-* names.</summary>
    IEnumerable<string> HeaderNames { get; }
}
