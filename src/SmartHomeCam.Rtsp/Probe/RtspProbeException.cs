namespace SmartHomeCam.Rtsp.Probe;

/// <summary>A probe that could not confirm a playable camera; the message is in plain words for the owner.</summary>
public sealed class RtspProbeException : Exception
{
    public RtspProbeException()
    {
    }

    public RtspProbeException(string message)
        : base(message)
    {
    }

    public RtspProbeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RtspProbeException(RtspProbeFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public RtspProbeFailure Failure { get; } = RtspProbeFailure.Other;
}
