namespace SmartHomeCam.GoogleSim;

/// <summary>How Google sends the client credentials to the token endpoint (RFC 6749 §2.3.1); the console offers both.</summary>
public enum ClientAuthentication
{
    /// <summary><c>Authorization: Basic</c> with the form-urlencoded id and secret.</summary>
    Basic,

    /// <summary><c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    Body,
}
