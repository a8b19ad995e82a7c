using SmartHomeCam.WebRtc.Rtcp;

namespace SmartHomeCam.WebRtc.Tests;

public class RtcpTests
{
    [Fact]
    public void Pli_fir_nack_and_bye_are_reported()
    {
        var buffer = new byte[256];
        var at = RtcpWriter.EmptyReceiverReport(buffer, 1);
        at += RtcpWriter.PictureLossIndication(buffer.AsSpan(at), 1, 0xAABBCCDD);
        var fir = Hex.Bytes("84 CE 00 04 00 00 00 01 00 00 00 00 11 22 33 44 05 00 00 00");
        fir.CopyTo(buffer, at);
        at += fir.Length;
        var nack = Hex.Bytes("81 CD 00 03 00 00 00 01 AA BB CC DD 00 64 00 05");
        nack.CopyTo(buffer, at);
        at += nack.Length;
        var bye = Hex.Bytes("81 CB 00 01 00 00 00 01");
        bye.CopyTo(buffer, at);
        at += bye.Length;

        var seen = new Recorder();
        Assert.True(RtcpReader.Read(buffer.AsSpan(0, at), seen));
        Assert.Equal([0xAABBCCDDu, 0x11223344u], seen.KeyFrames);
        Assert.Equal([(ushort)100, (ushort)101, (ushort)103], seen.Nacks);
        Assert.Equal(1, seen.Byes);
    }

    [Fact]
    public void Sender_report_has_ntp_time()
    {
        var buffer = new byte[28];
        var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(28, RtcpWriter.SenderReport(buffer, 5, time, 1234, 10, 20));
        Assert.Equal(0xED00_3780u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8))); // 2026-01-01 in NTP seconds
    }

    internal sealed class Recorder : IRtcpFeedbackHandler
    {
        public List<uint> KeyFrames { get; } = [];

        public List<ushort> Nacks { get; } = [];

        public int Byes { get; private set; }

        public void OnKeyFrameRequest(uint mediaSsrc) => KeyFrames.Add(mediaSsrc);

        public void OnNack(uint mediaSsrc, ushort sequence) => Nacks.Add(sequence);

        public void OnBye() => Byes++;
    }
}
