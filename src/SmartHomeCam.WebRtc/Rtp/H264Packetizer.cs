using SmartHomeCam.Media.H264;

namespace SmartHomeCam.WebRtc.Rtp;

/// <summary>
/// Splits one H.264 access unit (Annex B) into RTP payloads (RFC 6184, packetization-mode 1): small NAL units
/// are aggregated into STAP-A, large ones cut into FU-A, none over <see cref="MaxPayload"/> bytes so an SRTP
/// packet stays within ~1200 bytes (spec §3.5). Payloads are independent of SSRC and sequence numbers, so one
/// camera's frame is packetized once and shared by every viewer. Access unit delimiters and filler are dropped.
/// </summary>
public sealed class H264Packetizer(int maxPayload = H264Packetizer.DefaultMaxPayload)
{
    /// <summary>1200 − 12 (RTP header) − 10 (SRTP tag) − a little room for header extensions.</summary>
    public const int DefaultMaxPayload = 1150;

    private const byte StapA = 24;
    private const byte FuA = 28;

    public int MaxPayload { get; } = maxPayload is >= 64 and <= 65000 ? maxPayload : throw new ArgumentOutOfRangeException(nameof(maxPayload));

    /// <summary>Writes the payloads of <paramref name="accessUnit"/> to <paramref name="output"/>; the last one carries the marker.</summary>
    public void Packetize(ReadOnlySpan<byte> accessUnit, RtpPayloadList output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var pendingStart = -1; // an open STAP-A in the output
        var pendingCount = 0;
        foreach (var nal in AnnexB.EnumerateNalUnits(accessUnit))
        {
            var type = NalUnitType.Of(nal);
            if (type is NalUnitType.AccessUnitDelimiter or NalUnitType.FillerData || nal.Length < 1)
            {
                continue;
            }

            if (nal.Length + 2 <= MaxPayload)
            {
                // Small: join the open STAP-A when it fits, else open a new one (written as a single NAL unit
                // if nothing joins it, see Close).
                if (pendingStart >= 0 && output.CurrentLength(pendingStart) + 2 + nal.Length <= MaxPayload)
                {
                    output.AppendToLast(nal, withLengthPrefix: true);
                    output.RaiseNri(nal[0]);
                    pendingCount++;
                    continue;
                }

                Close(output, pendingStart, pendingCount);
                pendingStart = output.Begin();
                output.AppendToLast([StapA]);
                output.AppendToLast(nal, withLengthPrefix: true);
                output.RaiseNri(nal[0]);
                pendingCount = 1;
                continue;
            }

            Close(output, pendingStart, pendingCount);
            pendingStart = -1;
            pendingCount = 0;
            WriteFragments(nal, output);
        }

        Close(output, pendingStart, pendingCount);
        output.MarkLast();
    }

    private void WriteFragments(ReadOnlySpan<byte> nal, RtpPayloadList output)
    {
        var indicator = (byte)((nal[0] & 0xE0) | FuA);
        var type = (byte)(nal[0] & 0x1F);
        var body = nal[1..];
        var chunk = MaxPayload - 2;
        for (var at = 0; at < body.Length; at += chunk)
        {
            var size = Math.Min(chunk, body.Length - at);
            var header = (byte)(type | (at == 0 ? 0x80 : 0) | (at + size == body.Length ? 0x40 : 0));
            output.Begin();
            output.AppendToLast([indicator, header]);
            output.AppendToLast(body.Slice(at, size));
        }
    }

    /// <summary>A STAP-A holding one NAL unit is rewritten as that NAL unit alone (smaller, and what decoders expect most).</summary>
    private static void Close(RtpPayloadList output, int start, int count)
    {
        if (start >= 0 && count == 1)
        {
            output.UnwrapSingleStapA(start);
        }
    }
}
