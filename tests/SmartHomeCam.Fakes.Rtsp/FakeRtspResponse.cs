namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>A reply to one request, and what to do once it is on the wire (start sending after PLAY's reply).</summary>
internal sealed record FakeRtspResponse(int Status, List<(string Name, string Value)> Headers, string? Body = null, Action? After = null)
{
    public static FakeRtspResponse Of(int status, params (string, string)[] headers) => new(status, [.. headers]);

    public static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        453 => "Not Enough Bandwidth",
        454 => "Session Not Found",
        455 => "Method Not Valid in This State",
        461 => "Unsupported Transport",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
