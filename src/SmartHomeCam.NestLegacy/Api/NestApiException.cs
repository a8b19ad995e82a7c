namespace SmartHomeCam.NestLegacy.Api;

/// <summary>The camera API failed; <see cref="Unauthorized"/> when the token was refused (log in again once).</summary>
public sealed class NestApiException : Exception
{
    public NestApiException()
    {
    }

    public NestApiException(string message)
        : base(message)
    {
    }

    public NestApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool Unauthorized { get; init; }
}
