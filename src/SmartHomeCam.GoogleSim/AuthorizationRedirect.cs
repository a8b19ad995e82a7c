using Microsoft.AspNetCore.WebUtilities;

namespace SmartHomeCam.GoogleSim;

/// <summary>The authorization server's redirect back to Google (RFC 6749 §4.1.2): target, and code or error with state.</summary>
public sealed record AuthorizationRedirect(string Target, string? Code, string? State, string? Error)
{
    public static AuthorizationRedirect Parse(Uri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!location.IsAbsoluteUri)
        {
            return new AuthorizationRedirect(location.OriginalString, null, null, null);
        }

        var query = QueryHelpers.ParseQuery(location.Query);
        return new AuthorizationRedirect(location.GetLeftPart(UriPartial.Path), Get("code"), Get("state"), Get("error"));

        string? Get(string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;
    }
}
