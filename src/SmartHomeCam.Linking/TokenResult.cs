namespace SmartHomeCam.Linking;

/// <summary>Outcome of a token-endpoint grant: either tokens or an RFC 6749 §5.2 error code.</summary>
public sealed record TokenResult(
    string? AccessToken,
    string? RefreshToken,
    int ExpiresIn,
    string? Error,
    string? ErrorDescription = null)
{
    public bool Succeeded => Error is null;

    public static TokenResult Fail(string error, string? description = null) => new(null, null, 0, error, description);
}
