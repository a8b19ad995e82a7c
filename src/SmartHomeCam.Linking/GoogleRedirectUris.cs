namespace SmartHomeCam.Linking;

/// <summary>The only redirect URIs Google's account linking uses (spec §4.1).</summary>
public static class GoogleRedirectUris
{
    public static IReadOnlyList<string> For(string projectId)
    {
        if (string.IsNullOrWhiteSpace(projectId) || projectId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ArgumentException("A Google project id consists of letters, digits, '-' and '_'.", nameof(projectId));
        }

        return
        [
            $"https://oauth-redirect.googleusercontent.com/r/{projectId}",
            $"https://oauth-redirect-sandbox.googleusercontent.com/r/{projectId}",
        ];
    }
}
