using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming.Sessions;

/// <summary>Finds the live stream a valid token points to, (re)starting it when needed.</summary>
public interface ILiveFeeds
{
    /// <summary>The stream for the token's camera; null when the camera is no longer the account's.</summary>
    Task<ILiveFeed?> OpenAsync(StreamTokenClaims claims, CancellationToken cancellationToken);
}
