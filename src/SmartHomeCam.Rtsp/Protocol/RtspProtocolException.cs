namespace SmartHomeCam.Rtsp.Protocol;

/// <summary>The server spoke something that is not RTSP (or over our caps); the connection is given up.</summary>
public sealed class RtspProtocolException : Exception
{
    public RtspProtocolException()
    {
    }

    public RtspProtocolException(string message)
        : base(message)
    {
    }

    public RtspProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
