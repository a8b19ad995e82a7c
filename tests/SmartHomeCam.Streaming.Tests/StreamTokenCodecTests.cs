using System.Buffers.Text;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming.Tests;

public class StreamTokenCodecTests
{
    private static readonly StreamSigningKey KeyA = new("a", Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly StreamSigningKey KeyB = new("b", Enumerable.Repeat((byte)2, 32).ToArray());
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static string Mint(StreamTokenCodec codec, string device = "cam-1", string user = "user-1") =>
        codec.Encode(device, user, Now, Now.AddHours(2));

    [Fact]
    public void A_token_round_trips_its_claims()
    {
        var codec = new StreamTokenCodec([KeyA]);
        var claims = codec.Decode(Mint(codec), Now.AddMinutes(1));
        Assert.Equal(new StreamTokenClaims("cam-1", "user-1", Now, Now.AddHours(2), "a"), claims);
    }

    [Fact]
    public void Tokens_are_url_path_safe() =>
        Assert.Matches("^[A-Za-z0-9_-]+$", Mint(new StreamTokenCodec([KeyA])));

    [Fact]
    public void An_expired_token_is_refused() =>
        Assert.Null(new StreamTokenCodec([KeyA]).Decode(Mint(new StreamTokenCodec([KeyA])), Now.AddHours(2)));

    [Fact]
    public void Flipping_any_single_bit_invalidates_the_token()
    {
        var codec = new StreamTokenCodec([KeyA]);
        var raw = Base64Url.DecodeFromChars(Mint(codec));
        for (var i = 0; i < raw.Length * 8; i++)
        {
            var tampered = (byte[])raw.Clone();
            tampered[i / 8] ^= (byte)(1 << (i % 8));
            Assert.Null(codec.Decode(Base64Url.EncodeToString(tampered), Now));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAA")]
    [InlineData("not base64 !!")]
    [InlineData("../../etc/passwd")]
    public void Garbage_is_refused_without_throwing(string token) =>
        Assert.Null(new StreamTokenCodec([KeyA]).Decode(token, Now));

    [Fact]
    public void Oversized_input_is_refused() =>
        Assert.Null(new StreamTokenCodec([KeyA]).Decode(new string('A', 10_000), Now));

    [Fact]
    public void Rotation_new_key_signs_old_key_still_verifies_until_removed()
    {
        var old = new StreamTokenCodec([KeyA]);
        var rotated = new StreamTokenCodec([KeyB, KeyA]);
        var oldToken = Mint(old);
        var newToken = Mint(rotated);
        Assert.Equal("b", rotated.Decode(newToken, Now)!.KeyId);
        Assert.NotNull(rotated.Decode(oldToken, Now));
        Assert.Null(new StreamTokenCodec([KeyB]).Decode(oldToken, Now));
        Assert.Null(old.Decode(newToken, Now));
    }

    [Fact]
    public void Signing_keys_parse_from_configuration_text()
    {
        var key = StreamSigningKey.Parse("k1:" + Convert.ToBase64String(new byte[32]));
        Assert.Equal("k1", key.Id);
        Assert.Throws<FormatException>(() => StreamSigningKey.Parse("k1:" + Convert.ToBase64String(new byte[8])));
        Assert.Throws<FormatException>(() => StreamSigningKey.Parse("nokey"));
    }

    [Fact]
    public void Revocation_voids_tokens_issued_until_then_only()
    {
        var revocations = new InMemoryStreamRevocations();
        revocations.RevokeUser("u", Now);
        Assert.True(revocations.IsRevoked("u", Now.AddMinutes(-5)));
        Assert.True(revocations.IsRevoked("u", Now));
        Assert.False(revocations.IsRevoked("u", Now.AddSeconds(1)));
        Assert.False(revocations.IsRevoked("other", Now.AddMinutes(-5)));
    }
}
