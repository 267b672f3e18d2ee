using System.Text;
using System.Text.Json.Serialization;

namespace EdgeCdn.Acme.Protocol;

/// <summary>
/// A problem document (RFC 7807) as an ACME CA returns it (RFC 8555 §6.7), with its subproblems (§6.7.1):
/// the CA's own words about why a request or a validation failed.
/// </summary>
public sealed class AcmeProblem
{
    public const string ErrorNamespace = "urn:ietf:params:acme:error:";

    [JsonPropertyName("type")]
    public string Type { get; init; } = "about:blank";

    [JsonPropertyName("title")]
    public string? Title { get; init; }

    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    [JsonPropertyName("status")]
    public int? Status { get; init; }

    [JsonPropertyName("identifier")]
    public AcmeIdentifier? Identifier { get; init; }

    [JsonPropertyName("subproblems")]
    public IReadOnlyList<AcmeProblem>? Subproblems { get; init; }

    /// <summary>True when <see cref="Type"/> is the ACME error <paramref name="name"/> (e.g. "badNonce").</summary>
    public bool Is(string name) =>
        Type.Length == ErrorNamespace.Length + name.Length
        && Type.StartsWith(ErrorNamespace, StringComparison.Ordinal)
        && Type.EndsWith(name, StringComparison.Ordinal);

    /// <summary>One line: type, detail, then each subproblem with its identifier.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text, this);
        if (Subproblems is { Count: > 0 })
        {
            text.Append(" [");
            for (var i = 0; i < Subproblems.Count; i++)
            {
                if (i > 0)
                {
                    text.Append("; ");
                }

                var sub = Subproblems[i];
                if (sub.Identifier is { } id)
                {
                    text.Append(id.Value).Append(": ");
                }

                Append(text, sub);
            }

            text.Append(']');
        }

        return text.ToString();

        static void Append(StringBuilder text, AcmeProblem problem)
        {
            text.Append(problem.Type);
            if (!string.IsNullOrEmpty(problem.Detail))
            {
                text.Append(": ").Append(problem.Detail);
            }
        }
    }
}
