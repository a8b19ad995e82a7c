namespace SmartHomeCam.Linking;

/// <summary>
/// Claims carried inside our access tokens, so a protected endpoint knows who calls without a database read.
/// </summary>
public static class LinkingClaims
{
    /// <summary>Our user id (OpenIddict's subject).</summary>
    public const string UserId = "sub";

    /// <summary>The account's opaque Google <c>agentUserId</c> (never the e-mail).</summary>
    public const string AgentUserId = "agent_user_id";

    /// <summary>The OAuth client the linking belongs to (Google's client id).</summary>
    public const string ClientId = "shc_client_id";
}
