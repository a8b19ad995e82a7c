namespace SmartHomeCam.Linking.Tests;

public class PkceTests
{
    // RFC 7636 Appendix B test vector.
    private const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    [Fact]
    public void Challenge_matches_the_RFC_7636_example() => Assert.Equal(Challenge, Pkce.ChallengeFor(Verifier));

    [Fact]
    public void Verify_accepts_the_right_verifier_only()
    {
        Assert.True(Pkce.Verify(Verifier, Challenge));
        Assert.False(Pkce.Verify(Verifier[..^1] + "x", Challenge));
        Assert.False(Pkce.Verify(null, Challenge));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has space in it and is long enough to pass the length rule ok")]
    public void Malformed_verifiers_are_rejected(string verifier) => Assert.False(Pkce.IsValidVerifier(verifier));

    [Theory]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", true)]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c", false)]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM", false)]
    public void Challenge_shape_is_checked(string challenge, bool valid) => Assert.Equal(valid, Pkce.IsValidChallenge(challenge));
}
