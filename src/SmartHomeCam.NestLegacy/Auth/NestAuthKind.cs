namespace SmartHomeCam.NestLegacy.Auth;

/// <summary>Which login a connection uses (spec §1).</summary>
public enum NestAuthKind
{
    /// <summary>Google account: issueToken URL + browser cookie → Google access token → issue_jwt → Nest JWT (§1a).</summary>
    GoogleCookie,

    /// <summary>Pre-migration Nest account: the <c>access_token</c> of home.nest.com/session → login_nest → session token (§1c).</summary>
    NestSession,
}
