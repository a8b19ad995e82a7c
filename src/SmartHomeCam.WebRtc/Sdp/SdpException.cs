namespace SmartHomeCam.WebRtc.Sdp;

/// <summary>An offer we cannot parse or cannot answer; the message is safe to return to the peer.</summary>
public sealed class SdpException : Exception
{
    public SdpException()
    {
    }

    public SdpException(string message)
        : base(message)
    {
    }

    public SdpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
