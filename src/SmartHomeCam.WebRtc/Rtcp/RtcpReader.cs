using System.Buffers.Binary;
using SmartHomeCam.Media.Rtcp;

namespace SmartHomeCam.WebRtc.Rtcp;

/// <summary>
/// Walks a (decrypted) compound RTCP packet (RFC 3550 §6.1) and reports the feedback a sender needs. The walk
/// itself is the shared <see cref="RtcpCompoundReader"/> of SmartHomeCam.Media (the RTSP client's and the WebRTC
/// receive side's too); this class only interprets feedback. A malformed packet stops the walk and yields false;
/// nothing throws.
/// </summary>
public static class RtcpReader
{
    public const byte SenderReport = RtcpPacketType.SenderReport;
    public const byte ReceiverReport = RtcpPacketType.ReceiverReport;
    public const byte Bye = RtcpPacketType.Goodbye;
    public const byte TransportFeedback = 205;
    public const byte PayloadFeedback = 206;

    public static bool Read(ReadOnlySpan<byte> compound, IRtcpFeedbackHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var walker = new RtcpCompoundReader(compound);
        var consumed = 0;
        while (walker.MoveNext())
        {
            var packet = walker.Packet;
            consumed += packet.Length;
            switch (walker.PacketType)
            {
                case Bye:
                    handler.OnBye();
                    break;
                case TransportFeedback when walker.Count == 1 && packet.Length >= 12:
                    var nackSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
                    for (var f = 12; f + 4 <= packet.Length; f += 4)
                    {
                        var pid = BinaryPrimitives.ReadUInt16BigEndian(packet[f..]);
                        var blp = BinaryPrimitives.ReadUInt16BigEndian(packet[(f + 2)..]);
                        handler.OnNack(nackSsrc, pid);
                        for (var bit = 0; bit < 16; bit++)
                        {
                            if ((blp & (1 << bit)) != 0)
                            {
                                handler.OnNack(nackSsrc, (ushort)(pid + bit + 1));
                            }
                        }
                    }

                    break;
                case PayloadFeedback when walker.Count == 1 && packet.Length >= 12:
                    handler.OnKeyFrameRequest(BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
                    break;
                case PayloadFeedback when walker.Count == 4 && packet.Length >= 20:
                    // FIR: the media SSRC field is unused; each FCI entry names one (RFC 5104 §4.3.1.1).
                    for (var f = 12; f + 8 <= packet.Length; f += 8)
                    {
                        handler.OnKeyFrameRequest(BinaryPrimitives.ReadUInt32BigEndian(packet[f..]));
                    }

                    break;
            }
        }

        return consumed == compound.Length; // a packet that did not fit stopped the walk
    }
}
