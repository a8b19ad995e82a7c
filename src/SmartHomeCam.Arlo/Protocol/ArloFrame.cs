using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartHomeCam.Arlo.Protocol;

/// <summary>
/// The basestation framing (spec §1): ASCII <c>L:</c>, the decimal byte length of the JSON, one space, then exactly
/// that many bytes of one JSON object; nothing follows.
/// </summary>
public static class ArloFrame
{
    /// <summary>"L:" + at most 7 digits + space.</summary>
    public const int MaxHeaderLength = 10;

    public static byte[] Encode(JsonObject message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var json = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"L:{json.Length} "));
        return [.. header, .. json];
    }

    /// <summary>
    /// Checks the header at the start of <paramref name="data"/>: <see cref="ArloFrameStatus.NeedMore"/> until it is
    /// complete, <see cref="ArloFrameStatus.Invalid"/> for anything that is not a header or announces more than
    /// <paramref name="maxLength"/> bytes.
    /// </summary>
    public static ArloFrameStatus TryReadHeader(ReadOnlySpan<byte> data, int maxLength, out int headerLength, out int payloadLength)
    {
        headerLength = 0;
        payloadLength = 0;
        if (data.Length >= 1 && data[0] != (byte)'L')
        {
            return ArloFrameStatus.Invalid;
        }

        if (data.Length >= 2 && data[1] != (byte)':')
        {
            return ArloFrameStatus.Invalid;
        }

        long length = 0;
        for (var i = 2; i < data.Length; i++)
        {
            var b = data[i];
            if (b == (byte)' ' && i > 2)
            {
                if (length > maxLength || length == 0)
                {
                    return ArloFrameStatus.Invalid;
                }

                headerLength = i + 1;
                payloadLength = (int)length;
                return ArloFrameStatus.Complete;
            }

            if (b is < (byte)'0' or > (byte)'9' || i >= MaxHeaderLength - 1)
            {
                return ArloFrameStatus.Invalid;
            }

            length = (length * 10) + (b - '0');
        }

        return ArloFrameStatus.NeedMore;
    }

    /// <summary>One whole frame from a buffer (the fuzzable core of <see cref="ArloFrameReader"/>); null when invalid or incomplete.</summary>
    public static JsonObject? TryDecode(ReadOnlySpan<byte> data, int maxLength)
    {
        if (TryReadHeader(data, maxLength, out var header, out var length) != ArloFrameStatus.Complete || data.Length < header + length)
        {
            return null;
        }

        return ParsePayload(data.Slice(header, length));
    }

    /// <summary>The JSON object of a payload, or null if it is not one.</summary>
    public static JsonObject? ParsePayload(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 16 });
            return JsonNode.Parse(ref reader) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public enum ArloFrameStatus
{
    NeedMore,
    Complete,
    Invalid,
}
