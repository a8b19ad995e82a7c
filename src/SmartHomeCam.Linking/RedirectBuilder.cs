using Microsoft.AspNetCore.WebUtilities;

namespace SmartHomeCam.Linking;

/// <summary>Builds the redirect back to the client; <c>state</c> is passed through unchanged.</summary>
public static class RedirectBuilder
{
    public static string WithCode(string redirectUri, string code, string? state) =>
        Build(redirectUri, [new("code", code), new("state", state)]);

    public static string WithError(string redirectUri, string error, string? description, string? state) =>
        Build(redirectUri, [new("error", error), new("error_description", description), new("state", state)]);

    private static string Build(string redirectUri, KeyValuePair<string, string?>[] parameters) =>
        QueryHelpers.AddQueryString(redirectUri, parameters.Where(p => p.Value is not null));
}
