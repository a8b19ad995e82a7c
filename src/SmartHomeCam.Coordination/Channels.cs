namespace SmartHomeCam.Coordination;

/// <summary>Channels more than one module uses; a notice's meaning and payload are fixed here.</summary>
public static class Channels
{
    /// <summary>
    /// A Google linking ended (DISCONNECT, dashboard Unlink, refresh-token revocation, account deletion).
    /// Payload: the account's user id. Every replica, the sender included, voids the account's stream URLs and
    /// stops its capture sessions on receipt.
    /// </summary>
    public const string LinkingEnded = "linking-ended";
}
