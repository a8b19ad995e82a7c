using System.Buffers;
using SmartHomeCam.NestLegacy.Protocol;
using SmartHomeCam.NestLegacy.Protocol.Messages;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>Spec §3 framing and the §8 byte examples, without sockets.</summary>
public sealed class FramingTests
{
    [Fact]
    public void Messages_encode_to_the_spec_byte_examples()
    {
        Assert.Equal(Hex("01 00 00"), Frame(w => NexusPacketWriter.WriteEmpty(w, PacketType.Ping)));
        Assert.Equal(Hex("22 01 54"), Body(new AuthorizeRequest { OliveToken = "T" }));
        var hello = new Hello { ProtocolVersion = ProtocolVersion.Version3, Uuid = "abc", ClientType = ClientType.Web, AuthorizeRequest = Hex("22 01 54") };
        Assert.Equal(Hex("64 00 0E 08 03 12 03 61 62 63 48 03 62 03 22 01 54"), NexusPacketWriter.ToArray(PacketType.Hello, hello));
        var start = new StartPlayback { SessionId = 42, Profile = StreamProfile.VideoH264Mbit2L40 };
        start.OtherProfiles.AddRange([StreamProfile.VideoH264Kbit530L31, StreamProfile.VideoH264Kbit100L30, StreamProfile.AudioAac]);
        Assert.Equal(Hex("67 00 0A 08 2A 10 09 30 07 30 08 30 03"), NexusPacketWriter.ToArray(PacketType.StartPlayback, start));
        var packet = new PlaybackPacket { SessionId = 42, ChannelId = 1, TimestampDelta = 33, Payload = Hex("65 88 84") };
        Assert.Equal(Hex("CC 00 0B 08 2A 10 01 18 42 22 03 65 88 84"), NexusPacketWriter.ToArray(PacketType.PlaybackPacket, packet));
        Assert.Equal(Hex("CD 00 00 00 0B 08 2A 10 01 18 42 22 03 65 88 84"), NexusPacketWriter.ToArray(PacketType.LongPlaybackPacket, packet));
        Assert.Equal(Hex("18 01"), Body(new PlaybackPacket { TimestampDelta = -1 }));
        Assert.Equal(Hex("80 01 01"), Body(new Hello { RequireOwnerServer = true }));
    }

    [Fact]
    public void A_packet_split_at_every_offset_including_inside_the_header_is_reassembled()
    {
        var stream = Stream3();
        for (var cut = 0; cut <= stream.Length; cut++)
        {
            var got = ReadAll(Segments(stream, [cut]));
            Assert.Equal(3, got.Count);
            Assert.Equal([PacketType.Ok, PacketType.LongPlaybackPacket, PacketType.PlaybackPacket], got.Select(p => p.Type));
            Assert.Equal(Hex("65 88 84"), got[1].Body);
        }
    }

    [Fact]
    public void Bytes_arriving_one_at_a_time_yield_each_packet_once_and_never_lose_a_partial_one()
    {
        var stream = Stream3();
        var reader = new NexusPacketReader();
        var buffer = new List<byte>();
        var got = new List<PacketType>();
        foreach (var b in stream)
        {
            buffer.Add(b);
            var data = new ReadOnlySequence<byte>(buffer.ToArray());
            while (reader.TryRead(ref data, out var packet))
            {
                got.Add(packet.Type);
            }

            buffer.RemoveRange(0, buffer.Count - (int)data.Length);
        }

        Assert.Equal([PacketType.Ok, PacketType.LongPlaybackPacket, PacketType.PlaybackPacket], got);
        Assert.Empty(buffer);
    }

    [Fact]
    public void Unknown_types_are_skipped_by_length_and_counted()
    {
        var stream = Hex("96 00 02 AA BB") .Concat(Hex("CE 00 01 FF")).Concat(Hex("C8 00 00")).ToArray();
        var reader = new NexusPacketReader();
        var data = new ReadOnlySequence<byte>(stream);
        Assert.True(reader.TryRead(ref data, out var packet));
        Assert.Equal(PacketType.ClockSync, packet.Type); // known, ignored by the session
        Assert.True(reader.TryRead(ref data, out packet));
        Assert.Equal(PacketType.Ok, packet.Type);
        Assert.Equal(1, reader.UnknownPackets);
        Assert.True(data.IsEmpty);
    }

    [Fact]
    public void A_declared_length_over_the_cap_is_refused_instead_of_buffered()
    {
        var reader = new NexusPacketReader(maxPayloadLength: 1000);
        var data = new ReadOnlySequence<byte>(Hex("CD 00 10 00 00 01"));
        Assert.Throws<NexusFramingException>(() => reader.TryRead(ref data, out _));
        var small = new ReadOnlySequence<byte>(Hex("CD 00 00 03 E8"));
        Assert.False(reader.TryRead(ref small, out _)); // exactly the cap: waits for the bytes
    }

    [Fact]
    public void Playback_packet_view_reads_fields_across_segment_boundaries()
    {
        var body = Body(new PlaybackPacket { SessionId = 7, ChannelId = 2, TimestampDelta = -300, Payload = [1, 2, 3, 4, 5] });
        for (var cut = 0; cut <= body.Length; cut++)
        {
            Assert.True(PlaybackPacketView.TryParse(Segments(body, [cut]), out var view));
            Assert.Equal((7u, 2u, -300), (view.SessionId, view.ChannelId, view.TimestampDelta));
            Assert.Equal([1, 2, 3, 4, 5], view.Payload.ToArray());
        }
    }

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    internal static byte[] Body<T>(T message)
    {
        var writer = new ArrayBufferWriter<byte>();
        ProtoBuf.Serializer.Serialize(writer, message);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>A multi-segment sequence cut at the given offsets.</summary>
    internal static ReadOnlySequence<byte> Segments(byte[] data, IEnumerable<int> cuts)
    {
        var points = cuts.Where(c => c > 0 && c < data.Length).Distinct().Order().Prepend(0).Append(data.Length).ToList();
        Segment? first = null, last = null;
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var chunk = data.AsMemory(points[i], points[i + 1] - points[i]);
            last = last is null ? first = new Segment(chunk, 0) : last.Append(chunk);
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private static byte[] Stream3()
    {
        var packet = new PlaybackPacket { SessionId = 42, ChannelId = 1, TimestampDelta = 33, Payload = Hex("65 88 84") };
        return [.. Hex("C8 00 00"), .. NexusPacketWriter.ToArray(PacketType.LongPlaybackPacket, packet), .. NexusPacketWriter.ToArray(PacketType.PlaybackPacket, packet)];
    }

    private static List<(PacketType Type, byte[] Body)> ReadAll(ReadOnlySequence<byte> data)
    {
        var reader = new NexusPacketReader();
        var list = new List<(PacketType, byte[])>();
        while (reader.TryRead(ref data, out var packet))
        {
            var body = packet.Type is PacketType.PlaybackPacket or PacketType.LongPlaybackPacket && PlaybackPacketView.TryParse(packet.Payload, out var v)
                ? v.Payload.ToArray() : packet.Payload.ToArray();
            list.Add((packet.Type, body));
        }

        return list;
    }

    private static byte[] Frame(Action<ArrayBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return writer.WrittenSpan.ToArray();
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
