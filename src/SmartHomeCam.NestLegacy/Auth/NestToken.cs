namespace SmartHomeCam.NestLegacy.Auth;

/// <summary>
/// A token for the camera API and nexustalk (spec §1d): a Nest JWT (Google accounts) or a Nest session token.
/// Not a record, so the token never reaches a log through a generated ToString.
/// </summary>
public sealed class NestToken(NestAuthKind kind, string value, DateTimeOffset expiresAt)
{
    public NestAuthKind Kind { get; } = kind;

    public string Value { get; } = value;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public override string ToString() => $"{Kind} token until {ExpiresAt:O}";
}
