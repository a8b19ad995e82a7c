namespace SmartHomeCam.NestLegacy.Auth;

/// <summary>Logging in failed; the message says in plain words what the owner should do.</summary>
public sealed class NestAuthException : Exception
{
    public NestAuthException()
    {
    }

    public NestAuthException(string message)
        : base(message)
    {
    }

    public NestAuthException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when retrying with the same credential cannot help (as opposed to a network failure).</summary>
    public bool CredentialRejected { get; init; }
}
