namespace SmartHomeCam.WebRtc.Receive;

/// <summary>The receive-only WebRTC connection could not be made, or it ended.</summary>
public sealed class WebRtcReceiveException : Exception
{
    public WebRtcReceiveException()
    {
    }

    public WebRtcReceiveException(string message)
        : base(message)
    {
    }

    public WebRtcReceiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
