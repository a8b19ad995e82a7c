namespace SmartHomeCam.Rtsp;

/// <summary>
/// Resolves an SDP <c>a=control</c> against the presentation's base URL (RFC 2326 §C.1.1): absolute URLs as
/// they are, <c>*</c> or nothing as the base itself, anything else appended to the base as a path segment
/// (what servers mean by "trackID=1", whether or not the base ends in a slash).
/// </summary>
internal static class ControlUrl
{
    public static string Resolve(string baseUrl, string? control)
    {
        if (string.IsNullOrWhiteSpace(control) || control == "*")
        {
            return baseUrl;
        }

        if (control.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || control.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase))
        {
            return control;
        }

        if (control.StartsWith('/') && Uri.TryCreate(baseUrl, UriKind.Absolute, out var root))
        {
            return new Uri(root, control).AbsoluteUri;
        }

        return baseUrl.EndsWith('/') ? baseUrl + control : baseUrl + "/" + control;
    }
}
