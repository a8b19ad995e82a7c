namespace SmartHomeCam.Linking;

/// <summary>The parameters of <c>GET /oauth/authorize</c> (spec §4.1), as received.</summary>
public sealed record AuthorizationRequest(
    string? ResponseType,
    string? ClientId,
    string? RedirectUri,
    string? State,
    string? Scope,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string? UserLocale);
