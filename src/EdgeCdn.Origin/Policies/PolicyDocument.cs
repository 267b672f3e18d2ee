namespace EdgeCdn.Origin.Policies;

/// <summary>A parsed bucket policy: its statements, the JSON text as the client sent it, and whether it is public.</summary>
internal sealed record PolicyDocument(string Json, IReadOnlyList<PolicyStatement> Statements)
{
    /// <summary>Public as S3 means it: some Allow statement grants anyone (Principal "*") without a condition that
    /// pins the caller to a fixed value (source ARN, account, IP block...).</summary>
    public bool IsPublic => Statements.Any(s => s.IsPublic);
}
