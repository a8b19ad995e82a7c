namespace SmartHomeCam.Data;

/// <summary>
/// Every stream URL of the account issued at or before <see cref="RevokedBefore"/> is void (the linking ended).
/// Kept only as long as such a URL could still be unexpired.
/// </summary>
public sealed class StreamRevocation
{
    public string UserId { get; set; } = "";
    public DateTimeOffset RevokedBefore { get; set; }
}
