namespace SmartHomeCam.Arlo;

/// <summary>A command the camera did not take: unreachable after the retries, or refused.</summary>
public sealed class ArloCommandException : Exception
{
    public ArloCommandException(string message, bool retryable = true)
        : base(message) => Retryable = retryable;

    public ArloCommandException(string message, Exception? inner)
        : base(message, inner) => Retryable = false;

    public bool Retryable { get; }
}
