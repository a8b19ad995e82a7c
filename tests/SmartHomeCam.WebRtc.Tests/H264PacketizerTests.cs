using System.Buffers.Binary;
using SmartHomeCam.WebRtc.Rtp;

namespace SmartHomeCam.WebRtc.Tests;

public class H264PacketizerTests
{
    [Fact]
    public void Parameter_sets_are_aggregated_and_a_large_idr_is_fragmented_within_the_mtu()
    {
        var sps = new byte[] { 0x67, 0x64, 0x00, 0x1F, 0xAC, 0xD9 };
        var pps = new byte[] { 0x68, 0xEB, 0xE3, 0xCB };
        var idr = new byte[5000];
        Random.Shared.NextBytes(idr);
        // A real NAL unit has no zero byte pairs (emulation prevention) and ends in its stop bit, never in 0x00
        // (trailing zeros belong to the byte stream, H.264 Annex B): random bytes must be made the same.
        for (var i = 0; i < idr.Length; i++)
        {
            idr[i] = idr[i] == 0 ? (byte)0x80 : idr[i];
        }

        idr[0] = 0x65;
        var au = Concat([0, 0, 0, 1, 9, 0xF0], [0, 0, 0, 1], sps, [0, 0, 0, 1], pps, [0, 0, 1], idr);
        var output = new RtpPayloadList();
        new H264Packetizer(1150).Packetize(au, output);

        Assert.True(output.Count >= 6);
        for (var i = 0; i < output.Count; i++)
        {
            Assert.True(output.Payload(i).Length <= 1150);
            Assert.Equal(i == output.Count - 1, output.Marker(i));
        }

        // STAP-A: [24][len][sps][len][pps], no AUD.
        var stap = output.Payload(0);
        Assert.Equal(24, stap[0] & 0x1F);
        Assert.Equal(sps.Length, BinaryPrimitives.ReadUInt16BigEndian(stap[1..]));
        Assert.Equal(sps, stap.Slice(3, sps.Length).ToArray());
        Assert.Equal(pps, stap.Slice(5 + sps.Length, pps.Length).ToArray());

        // FU-A fragments reassemble to the IDR.
        var rebuilt = new List<byte> { (byte)((output.Payload(1)[0] & 0xE0) | (output.Payload(1)[1] & 0x1F)) };
        for (var i = 1; i < output.Count; i++)
        {
            var fu = output.Payload(i);
            Assert.Equal(28, fu[0] & 0x1F);
            Assert.Equal(i == 1, (fu[1] & 0x80) != 0);
            Assert.Equal(i == output.Count - 1, (fu[1] & 0x40) != 0);
            rebuilt.AddRange(fu[2..].ToArray());
        }

        Assert.Equal(idr, rebuilt.ToArray());
    }

    [Fact]
    public void A_small_lone_nal_is_sent_as_a_single_nal_packet()
    {
        var output = new RtpPayloadList();
        new H264Packetizer().Packetize([0, 0, 0, 1, 0x41, 1, 2, 3], output);
        Assert.Equal(1, output.Count);
        Assert.Equal(new byte[] { 0x41, 1, 2, 3 }, output.Payload(0).ToArray());
        Assert.True(output.Marker(0));
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
