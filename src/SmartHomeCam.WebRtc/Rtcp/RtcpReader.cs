using System.Buffers.Binary;

namespace SmartHomeCam.WebRtc.Rtcp;

/// <summary>
/// Walks a (decrypted) compound RTCP packet (RFC 3550 §6.1) and reports the feedback a sender needs. A
/// malformed packet stops the walk and yields false; nothing throws.
/// </summary>
public static class RtcpReader
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte Bye = 203;
    public const byte TransportFeedback = 205;
    public const byte PayloadFeedback = 206;

    public static bool Read(ReadOnlySpan<byte> compound, IRtcpFeedbackHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var at = 0;
        while (at < compound.Length)
        {
            if (compound.Length - at < 4 || (compound[at] >> 6) != 2)
            {
                return false;
            }

            var count = compound[at] & 0x1F;
            var type = compound[at + 1];
            var length = (BinaryPrimitives.ReadUInt16BigEndian(compound[(at + 2)..]) + 1) * 4;
            if (at + length > compound.Length)
            {
                return false;
            }

            var packet = compound.Slice(at, length);
            switch (type)
            {
                case Bye:
                    handler.OnBye();
                    break;
                case TransportFeedback when count == 1 && packet.Length >= 12:
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
                case PayloadFeedback when count == 1 && packet.Length >= 12:
                    handler.OnKeyFrameRequest(BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
                    break;
                case PayloadFeedback when count == 4 && packet.Length >= 20:
                    // FIR: the media SSRC field is unused; each FCI entry names one (RFC 5104 §4.3.1.1).
                    for (var f = 12; f + 8 <= packet.Length; f += 8)
                    {
                        handler.OnKeyFrameRequest(BinaryPrimitives.ReadUInt32BigEndian(packet[f..]));
                    }

                    break;
            }

            at += length;
        }

        return true;
    }
}
