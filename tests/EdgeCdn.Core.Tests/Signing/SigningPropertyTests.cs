using System.Text;
using EdgeCdn.Core.Checksums;
using EdgeCdn.Core.Signing;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeCdn.Core.Tests.Signing;

/// <summary>Sign-then-verify round trips over arbitrary keys, queries and bodies.</summary>
public sealed class SigningPropertyTests
{
    private static readonly char[] KeyAlphabet =
        "abcXYZ019 +%~/-_.!*'()&$@=;:,?#[]\"<>{}|\\^`ü✓ሴ日本😀".ToCharArray();

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static Arbitrary<string> Keys() =>
        Gen.Elements(KeyAlphabet)
            .ArrayOf()
            .Where(chars => chars.Length > 0)
            .Select(chars => new string(chars))
            // A lone half of a surrogate pair is not a valid key; S3 keys are UTF-8.
            .Where(key => !HasLoneSurrogate(key))
            .ToArbitrary();

    [Fact]
    public void HeaderSigned_AnyKey_VerifiesAfterEncoding()
    {
        var verifier = SigningFixture.Verifier();
        Prop.ForAll(Keys(), key =>
        {
            var request = SigningFixture.HeaderSigned("/bucket/" + UriEncoding.Encode(key, keepSlash: true));
            return verifier.Verify(request).IsValid;
        }).Check(Runs);
    }

    [Fact]
    public void HeaderSigned_AnyKeyTamperedByOneCharacter_Mismatches()
    {
        var verifier = SigningFixture.Verifier();
        Prop.ForAll(Keys(), key =>
        {
            var path = "/bucket/" + UriEncoding.Encode(key, keepSlash: true);
            var request = SigningFixture.HeaderSigned(path);
            return verifier.Verify(request.With(rawPath: path + "Z")).Status == SignatureStatus.Mismatch;
        }).Check(Runs);
    }

    [Fact]
    public void HeaderSigned_AnyQueryValue_Verifies()
    {
        var verifier = SigningFixture.Verifier();
        Prop.ForAll(Keys(), Keys(), (prefix, marker) =>
        {
            var query = $"prefix={UriEncoding.Encode(prefix, false)}&list-type=2&start-after={UriEncoding.Encode(marker, false)}&delimiter=%2F";
            var request = SigningFixture.HeaderSigned("/bucket", query);
            return verifier.Verify(request).IsValid;
        }).Check(Runs);
    }

    [Fact]
    public void Presigned_AnyKey_Verifies()
    {
        var verifier = SigningFixture.Verifier(SigningFixture.Now.AddMinutes(1));
        var signer = new SigV4Signer(SigningFixture.Credential, "us-east-1");
        Prop.ForAll(Keys(), key =>
        {
            var url = signer.Presign("GET", new Uri("https://examplebucket.s3.amazonaws.com/" + UriEncoding.Encode(key, keepSlash: true)),
                SigningFixture.Now, TimeSpan.FromMinutes(10));
            return verifier.Verify(SigningFixture.FromUrl(url)).IsValid;
        }).Check(Runs);
    }

    [Fact]
    public void ChunkedBody_AnyDataAndChunkSize_RoundTripsInEveryMode()
    {
        var bodies = Gen.Choose(0, 5000).SelectMany(size => Gen.Choose(1, 700).Select(chunk => (size, chunk))).ToArbitrary();
        Prop.ForAll(bodies, sizes =>
        {
            var data = new byte[sizes.size];
            new Random(sizes.size * 31 + sizes.chunk).NextBytes(data);
            foreach (var mode in Enum.GetValues<StreamingPayloadMode>())
            {
                var decoded = ChunkedRoundTrip(data, sizes.chunk, mode);
                if (!decoded.AsSpan().SequenceEqual(data))
                {
                    return false;
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    internal static byte[] ChunkedRoundTrip(byte[] data, int chunkSize, StreamingPayloadMode mode)
    {
        var payloadHash = mode switch
        {
            StreamingPayloadMode.SignedChunks => SigV4Constants.StreamingSignedPayload,
            StreamingPayloadMode.SignedChunksWithTrailer => SigV4Constants.StreamingSignedPayloadTrailer,
            _ => SigV4Constants.StreamingUnsignedPayloadTrailer,
        };
        var request = SigningFixture.HeaderSigned("/bucket/object", method: "PUT", payloadHash: payloadHash);
        var check = SigningFixture.Verifier().Verify(request);
        if (!check.IsValid || check.Streaming is null)
        {
            throw new InvalidOperationException(check.ToString());
        }

        ChecksumAlgorithm? trailer = mode == StreamingPayloadMode.SignedChunks ? null : ChecksumAlgorithm.Crc32C;
        var body = AwsChunkedEncoder.Encode(data, chunkSize, mode, check.Streaming, trailer);
        using var stream = new AwsChunkedStream(new MemoryStream(body), mode, check.Streaming, data.Length, trailer);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }

    private static bool HasLoneSurrogate(string s)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(s);
            return false;
        }
        catch (EncoderFallbackException)
        {
            return true;
        }
    }
}
