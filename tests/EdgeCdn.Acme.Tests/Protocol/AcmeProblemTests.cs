using System.Text.Json;
using EdgeCdn.Acme.Protocol;

namespace EdgeCdn.Acme.Tests.Protocol;

public sealed class AcmeProblemTests
{
    // RFC 8555 §6.7.1, the subproblems example, verbatim.
    private const string Rfc8555Subproblems = """
        {
            "type": "urn:ietf:params:acme:error:malformed",
            "detail": "Some of the identifiers requested were rejected",
            "subproblems": [
                {
                    "type": "urn:ietf:params:acme:error:malformed",
                    "detail": "Invalid underscore in DNS name \"_example.org\"",
                    "identifier": {
                        "type": "dns",
                        "value": "_example.org"
                    }
                },
                {
                    "type": "urn:ietf:params:acme:error:rejectedIdentifier",
                    "detail": "This CA will not issue for \"example.net\"",
                    "identifier": {
                        "type": "dns",
                        "value": "example.net"
                    }
                }
            ]
        }
        """;

    [Fact]
    public void Parse_Rfc8555SubproblemsExample_TypeDetailAndEachSubproblem()
    {
        var problem = JsonSerializer.Deserialize(Rfc8555Subproblems, AcmeJsonContext.Default.AcmeProblem)!;

        Assert.True(problem.Is("malformed"));
        Assert.False(problem.Is("badNonce"));
        Assert.Equal(2, problem.Subproblems!.Count);
        Assert.Equal(new AcmeIdentifier("dns", "example.net"), problem.Subproblems[1].Identifier);
        Assert.True(problem.Subproblems[1].Is("rejectedIdentifier"));
        Assert.Equal(
            "urn:ietf:params:acme:error:malformed: Some of the identifiers requested were rejected [" +
            "_example.org: urn:ietf:params:acme:error:malformed: Invalid underscore in DNS name \"_example.org\"; " +
            "example.net: urn:ietf:params:acme:error:rejectedIdentifier: This CA will not issue for \"example.net\"]",
            problem.ToString());
    }

    [Theory]
    [InlineData("urn:ietf:params:acme:error:badNonce", "badNonce", true)]
    [InlineData("urn:ietf:params:acme:error:badNonce", "Nonce", false)]
    [InlineData("urn:ietf:params:acme:error:rateLimited", "rateLimited", true)]
    [InlineData("about:blank", "badNonce", false)]
    public void Is_ComparesTheWholeErrorName(string type, string name, bool expected) =>
        Assert.Equal(expected, new AcmeProblem { Type = type }.Is(name));
}
