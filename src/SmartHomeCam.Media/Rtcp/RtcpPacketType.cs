namespace SmartHomeCam.Media.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1).</summary>
public static class RtcpPacketType
{
    public const int SenderReport = 200;
    public const int ReceiverReport = 201;
    public const int SourceDescription = 202;
    public const int Goodbye = 203;
    public const int Application = 204;
}
