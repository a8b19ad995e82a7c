using SmartHomeCam.Data;

namespace SmartHomeCam.Linking;

public enum AuthorizationValidationKind
{
    /// <summary>The request can proceed to consent.</summary>
    Valid,

    /// <summary>Client or redirect URI cannot be trusted: show an error page, never redirect (RFC 6749 §4.1.2.1).</summary>
    ShowError,

    /// <summary>Trusted redirect URI, but the request is bad: redirect with <c>error=</c> and the unchanged state.</summary>
    RedirectError,
}

public sealed record AuthorizationValidation(
    AuthorizationValidationKind Kind,
    string? Error = null,
    string? ErrorDescription = null,
    OAuthClient? Client = null)
{
    public static AuthorizationValidation Valid(OAuthClient client) => new(AuthorizationValidationKind.Valid, Client: client);

    public static AuthorizationValidation Page(string description) =>
        new(AuthorizationValidationKind.ShowError, "invalid_request", description);

    public static AuthorizationValidation Redirect(OAuthClient client, string error, string description) =>
        new(AuthorizationValidationKind.RedirectError, error, description, client);
}
