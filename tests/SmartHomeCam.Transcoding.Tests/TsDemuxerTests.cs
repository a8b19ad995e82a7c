using System.Buffers;
using FFMpegCore;
using SmartHomeCam.Media;
using SmartHomeCam.Media.Aac;
using SmartHomeCam.Media.Ts;
using SmartHomeCam.Media.TsDemux;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Transcoding.Tests;

public sealed class TsDemuxerTests
{
    [Fact]
    public async Task Frames_muxed_by_our_muxer_come_back_byte_for_byte_with_their_timestamps()
    {
        var video = AccessUnits.Frames(await ExternalTool.MakeH264Async(320, 240, 25, 2, 25), 25);
        var adts = await MakeAdtsAsync();
        var ts = new ArrayBufferWriter<byte>();
        var muxer = new TsMuxer(new MediaTracks(H264Track.InBand, new AacTrack(48000, 1)));
        muxer.WriteTables(ts);
        var audioPts = 0L;
        foreach (var frame in video)
        {
            muxer.WriteVideo(ts, frame.Data.Span, frame.Pts, frame.Dts, frame.IsKeyframe);
            while (adts.Count > 0 && audioPts <= frame.Pts)
            {
                muxer.WriteAudio(ts, adts[0], audioPts);
                adts.RemoveAt(0);
                audioPts += 1920;
            }
        }

        var (frames, dropped) = DemuxAll(ts.WrittenSpan, chunk: 1000);

        Assert.Equal(0, dropped);
        var videoOut = frames.Where(f => f.Kind == MediaKind.Video).ToList();
        Assert.Equal(video.Count, videoOut.Count);
        var offset = videoOut[0].Dts - video[0].Dts; // our muxer shifts every timestamp by one constant (PCR headroom)
        Assert.InRange(offset, 0, 90_000 * 2);
        for (var i = 0; i < video.Count; i++)
        {
            Assert.Equal(video[i].Pts + offset, videoOut[i].Pts);
            Assert.Equal(video[i].Dts + offset, videoOut[i].Dts);
            Assert.Equal(video[i].IsKeyframe, videoOut[i].IsKeyframe);
            // Our muxer prepends an access unit delimiter (and may rewrite start codes); the slice data comes back unchanged.
            Assert.True(videoOut[i].Data.Span.EndsWith(LastNal(video[i].Data.Span)), $"frame {i}");
        }

        var audioOut = frames.Where(f => f.Kind == MediaKind.Audio).ToList();
        Assert.NotEmpty(audioOut);
        Assert.All(audioOut, f => Assert.True(AdtsHeader.TryParse(f.Data.Span, out var h) && h.FrameLength == f.Data.Length));
        Assert.Equal(Enumerable.Range(0, audioOut.Count).Select(i => offset + (i * 1920L)), audioOut.Select(f => f.Pts));
    }

    [Fact]
    public async Task An_ffmpeg_made_stream_demuxes_into_the_packets_ffprobe_reports()
    {
        var path = ExternalTool.TempFile(".ts");
        try
        {
            await FFMpegArguments
                .FromDeviceInput("testsrc2=size=320x240:rate=25", i => i.ForceFormat("lavfi"))
                .AddDeviceInput("sine=frequency=440:sample_rate=48000", i => i.ForceFormat("lavfi"))
                .OutputToFile(path, overwrite: true, o => o
                    .WithDuration(TimeSpan.FromSeconds(2))
                    .WithVideoCodec(FFMpegCore.Enums.VideoCodec.LibX264).WithSpeedPreset("ultrafast").WithGopSize(25)
                    .WithAudioCodec(FFMpegCore.Enums.AudioCodec.Aac, null)
                    .ForceFormat("mpegts"))
                .ProcessAsynchronously();
            var packets = (await FFProbe.GetPacketsAsync(path)).Packets;

            var (frames, dropped) = DemuxAll(await File.ReadAllBytesAsync(path), chunk: 4096);

            Assert.Equal(0, dropped);
            var probedVideo = packets.Where(p => p.CodecType == "video").ToList();
            var video = frames.Where(f => f.Kind == MediaKind.Video).ToList();
            Assert.Equal(probedVideo.Select(p => p.Pts), video.Select(f => f.Pts));
            Assert.Equal(probedVideo.Select(p => p.Dts), video.Select(f => f.Dts));
            Assert.Equal(probedVideo.Select(p => p.Flags.Contains('K', StringComparison.Ordinal)), video.Select(f => f.IsKeyframe));
            Assert.Equal(probedVideo.Select(p => p.Size), video.Select(f => f.Data.Length));
            // ffprobe lists one packet per AAC frame; so do we (ffmpeg packs several into one PES).
            Assert.Equal(packets.Count(p => p.CodecType == "audio"), frames.Count(f => f.Kind == MediaKind.Audio));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Random_truncated_and_corrupted_input_never_throws_and_valid_packets_still_come_through()
    {
        var video = AccessUnits.Frames(await ExternalTool.MakeH264Async(160, 120, 25, 1, 5), 25);
        var ts = new ArrayBufferWriter<byte>();
        var muxer = new TsMuxer(MediaTracks.VideoOnly);
        muxer.WriteTables(ts);
        foreach (var frame in video)
        {
            muxer.WriteVideo(ts, frame.Data.Span, frame.Pts, frame.Dts, frame.IsKeyframe);
        }

        var clean = ts.WrittenSpan.ToArray();
        var random = new Random(1616);
        for (var round = 0; round < 300; round++)
        {
            var input = (byte[])clean.Clone();
            switch (round % 3)
            {
                case 0:
                    random.NextBytes(input.AsSpan(0, random.Next(input.Length)));
                    break;
                case 1:
                    input = input[..random.Next(input.Length)];
                    break;
                default:
                    for (var flips = 0; flips < 20; flips++)
                    {
                        input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
            }

            var (frames, _) = DemuxAll(input, chunk: 1 + random.Next(700));
            Assert.All(frames, f => Assert.InRange(f.Pts, 0, (1L << 33) - 1));
        }

        // Bit flips spare most packets: most frames survive.
        var damaged = (byte[])clean.Clone();
        damaged[188 * 10 + 50] ^= 0xFF;
        var (survivors, _) = DemuxAll(damaged, chunk: 188);
        Assert.InRange(survivors.Count, video.Count - 2, video.Count);
    }

    /// <summary>Feeds the bytes in chunks, copying each completed frame out (they are only valid until the next write).</summary>
    private static (List<MediaFrame> Frames, long Dropped) DemuxAll(ReadOnlySpan<byte> data, int chunk)
    {
        using var demuxer = new TsDemuxer();
        var frames = new List<MediaFrame>();
        for (var at = 0; at < data.Length; at += chunk)
        {
            var piece = data.Slice(at, Math.Min(chunk, data.Length - at));
            while (piece.Length > 0)
            {
                piece = piece[demuxer.Write(piece)..];
                frames.AddRange(demuxer.Completed.Select(f => f with { Data = f.Data.ToArray() }));
            }
        }

        demuxer.Flush();
        frames.AddRange(demuxer.Completed.Select(f => f with { Data = f.Data.ToArray() }));
        return (frames, demuxer.DroppedPackets);
    }

    private static byte[] LastNal(ReadOnlySpan<byte> accessUnit)
    {
        var last = Array.Empty<byte>();
        foreach (var nal in SmartHomeCam.Media.H264.AnnexB.EnumerateNalUnits(accessUnit))
        {
            last = nal.ToArray();
        }

        return last;
    }

    private static async Task<List<byte[]>> MakeAdtsAsync()
    {
        var path = ExternalTool.TempFile(".aac");
        try
        {
            await FFMpegArguments
                .FromDeviceInput("sine=frequency=440:sample_rate=48000", i => i.ForceFormat("lavfi"))
                .OutputToFile(path, overwrite: true, o => o.WithDuration(TimeSpan.FromSeconds(2)).WithAudioCodec(FFMpegCore.Enums.AudioCodec.Aac, null).WithAudioChannels(1).ForceFormat("adts"))
                .ProcessAsynchronously();
            var bytes = await File.ReadAllBytesAsync(path);
            var frames = new List<byte[]>();
            for (var at = 0; at < bytes.Length && AdtsHeader.TryParse(bytes.AsSpan(at), out var header); at += header.FrameLength)
            {
                frames.Add(bytes.AsSpan(at, header.FrameLength).ToArray());
            }

            return frames;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
