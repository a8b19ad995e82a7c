namespace SmartHomeCam.Streaming.Tokens;

/// <summary>
/// The small revocation set of the stateless tokens: per account, a moment before which every issued stream
/// token is void (DISCONNECT, unlink). Checked in memory on each request.
/// </summary>
public interface IStreamRevocations
{
    void RevokeUser(string userId, DateTimeOffset before);

    bool IsRevoked(string userId, DateTimeOffset issuedAt);
}
