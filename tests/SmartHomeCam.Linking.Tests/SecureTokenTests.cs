namespace SmartHomeCam.Linking.Tests;

public class SecureTokenTests
{
    [Fact]
    public void Tokens_carry_256_bits_and_never_repeat()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => SecureToken.Create()).ToList();
        Assert.All(tokens, t => Assert.Equal(43, t.Length));
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Matches_compares_against_the_stored_hash()
    {
        var token = SecureToken.Create();
        var hash = SecureToken.Hash(token);
        Assert.True(SecureToken.Matches(token, hash));
        Assert.False(SecureToken.Matches(token + "x", hash));
        Assert.False(SecureToken.Matches(null, hash));
        Assert.Equal(32, hash.Length);
    }
}
