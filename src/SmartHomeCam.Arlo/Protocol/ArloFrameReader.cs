using System.Text.Json.Nodes;

namespace SmartHomeCam.Arlo.Protocol;

/// <summary>Reads the one frame of a connection; the header may arrive in pieces (spec §1: never assume one recv).</summary>
public static class ArloFrameReader
{
    /// <summary>
    /// The message, or null when the peer closed before a whole frame (AVD1001 connects and closes at once).
    /// Throws <see cref="ArloProtocolException"/> for bytes that are not a frame; never reads more than
    /// <paramref name="maxLength"/> payload bytes.
    /// </summary>
    public static async Task<JsonObject?> ReadAsync(Stream stream, int maxLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[ArloFrame.MaxHeaderLength];
        var have = 0;
        int headerLength;
        int payloadLength;
        while (true)
        {
            var status = ArloFrame.TryReadHeader(head.AsSpan(0, have), maxLength, out headerLength, out payloadLength);
            if (status == ArloFrameStatus.Complete)
            {
                break;
            }

            if (status == ArloFrameStatus.Invalid || have == head.Length)
            {
                throw new ArloProtocolException("Not an Arlo frame header.");
            }

            // One byte at a time: the header is short, and nothing past it may be consumed here.
            var read = await stream.ReadAsync(head.AsMemory(have, 1), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            have += read;
        }

        var payload = new byte[payloadLength];
        var filled = have - headerLength;
        head.AsSpan(headerLength, filled).CopyTo(payload);
        while (filled < payloadLength)
        {
            var read = await stream.ReadAsync(payload.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            filled += read;
        }

        return ArloFrame.ParsePayload(payload) ?? throw new ArloProtocolException("The frame's payload is not a JSON object.");
    }
}
