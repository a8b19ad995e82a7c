using System.Buffers.Binary;
using SmartHomeCam.WebRtc.Rtcp;

namespace SmartHomeCam.WebRtc.Receive;

/// <summary>The key-frame requests of a receiver: PLI (RFC 4585 §6.3.1) with an empty RR before it, and FIR (RFC 5104 §4.3.1).</summary>
public static class ReceiverFeedback
{
    /// <summary>RR (no blocks) + PLI: a valid compound (RFC 3550 §6.1 wants a report first). 20 bytes.</summary>
    public static int Pli(Span<byte> buffer, uint ourSsrc, uint mediaSsrc)
    {
        var length = RtcpWriter.EmptyReceiverReport(buffer, ourSsrc);
        return length + RtcpWriter.PictureLossIndication(buffer[length..], ourSsrc, mediaSsrc);
    }

    /// <summary>RR (no blocks) + FIR with one FCI entry; <paramref name="sequence"/> goes up by one per new request. 28 bytes.</summary>
    public static int Fir(Span<byte> buffer, uint ourSsrc, uint mediaSsrc, byte sequence)
    {
        var length = RtcpWriter.EmptyReceiverReport(buffer, ourSsrc);
        var fir = buffer[length..];
        fir[0] = 0x84; // V=2, FMT=4
        fir[1] = RtcpReader.PayloadFeedback;
        BinaryPrimitives.WriteUInt16BigEndian(fir[2..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(fir[4..], ourSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(fir[8..], 0); // media source: unused for FIR, the FCI names it
        BinaryPrimitives.WriteUInt32BigEndian(fir[12..], mediaSsrc);
        fir[16] = sequence;
        fir[17] = fir[18] = fir[19] = 0;
        return length + 20;
    }
}
