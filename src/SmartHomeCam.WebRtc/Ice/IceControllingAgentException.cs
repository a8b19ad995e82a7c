namespace SmartHomeCam.WebRtc.Ice;

/// <summary>The ICE connection could not be made or was lost.</summary>
public sealed class IceControllingAgentException : Exception
{
    public IceControllingAgentException()
    {
    }

    public IceControllingAgentException(string message)
        : base(message)
    {
    }

    public IceControllingAgentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
