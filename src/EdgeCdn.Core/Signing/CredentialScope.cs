namespace EdgeCdn.Core.Signing;

/// <summary>The parts of "AKID/yyyyMMdd/region/service/aws4_request", as slices of the text they came from.</summary>
internal readonly ref struct CredentialScope
{
    public ReadOnlySpan<char> AccessKeyId { get; init; }

    public ReadOnlySpan<char> Date { get; init; }

    public ReadOnlySpan<char> Region { get; init; }

    public ReadOnlySpan<char> Service { get; init; }

    public ReadOnlySpan<char> Terminator { get; init; }

    /// <summary>"yyyyMMdd/region/service/aws4_request": the scope line of the string to sign.</summary>
    public ReadOnlySpan<char> Text { get; init; }

    public static bool TryParse(ReadOnlySpan<char> credential, out CredentialScope scope)
    {
        scope = default;
        // Parse from the end: the four scope parts never contain '/', an access key id never does either.
        var rest = credential;
        Span<int> slashes = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            var slash = rest.LastIndexOf('/');
            if (slash <= 0)
            {
                return false;
            }

            slashes[i] = slash;
            rest = rest[..slash];
        }

        var accessKey = credential[..slashes[3]];
        var date = credential[(slashes[3] + 1)..slashes[2]];
        var region = credential[(slashes[2] + 1)..slashes[1]];
        var service = credential[(slashes[1] + 1)..slashes[0]];
        var terminator = credential[(slashes[0] + 1)..];
        if (accessKey.IsEmpty || date.Length != 8 || region.IsEmpty || service.IsEmpty || terminator.IsEmpty ||
            accessKey.Contains('/'))
        {
            return false;
        }

        scope = new CredentialScope
        {
            AccessKeyId = accessKey,
            Date = date,
            Region = region,
            Service = service,
            Terminator = terminator,
            Text = credential[(slashes[3] + 1)..],
        };
        return true;
    }
}
