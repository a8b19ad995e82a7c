using System.Buffers;
using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol;

/// <summary>Decodes a packet body; a malformed body is reported, never thrown, so one bad packet drops only itself.</summary>
public static class NexusMessages
{
    public static bool TryDecode<T>(ReadOnlySequence<byte> payload, out T message)
        where T : class, new()
    {
        try
        {
            message = Serializer.Deserialize<T>(payload);
            return true;
        }
        catch (Exception e) when (e is ProtoException or EndOfStreamException or InvalidOperationException or OverflowException or ArgumentException or NotSupportedException or IOException)
        {
            message = new T();
            return false;
        }
    }
}
