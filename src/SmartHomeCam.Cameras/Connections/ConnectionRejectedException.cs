namespace SmartHomeCam.Cameras.Connections;

/// <summary>The owner's connection input is not usable; the message says why and is shown to them.</summary>
public sealed class ConnectionRejectedException : Exception
{
    public ConnectionRejectedException()
    {
    }

    public ConnectionRejectedException(string message)
        : base(message)
    {
    }

    public ConnectionRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
