using System.Buffers;
using FFMpegCore;
using SmartHomeCam.Media.Ts;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Media.Tests;

/// <summary>Our MPEG-TS checked by ffprobe/ffmpeg: an independent demuxer and decoder.</summary>
public class TsMuxerTests
{
    [Fact]
    public void Every_packet_is_188_bytes_with_sync_byte_and_continuity_counters_in_order()
    {
        var muxer = new TsMuxer();
        var output = new ArrayBufferWriter<byte>();
        muxer.WriteTables(output);
        var au = new byte[5000];
        au[3] = 1;
        au[4] = 0x65;
        for (var i = 0; i < 10; i++)
        {
            Assert.True(muxer.WriteVideo(output, au, i * 3600, i * 3600, i == 0));
        }

        var ts = output.WrittenSpan;
        Assert.Equal(0, ts.Length % 188);
        var counters = new Dictionary<int, int>();
        for (var p = 0; p < ts.Length; p += 188)
        {
            Assert.Equal(0x47, ts[p]);
            var pid = ((ts[p + 1] & 0x1F) << 8) | ts[p + 2];
            var cc = ts[p + 3] & 0x0F;
            if (counters.TryGetValue(pid, out var last))
            {
                Assert.Equal((last + 1) & 0x0F, cc);
            }

            counters[pid] = cc;
        }

        Assert.Equal([0, TsConstants.VideoPid, TsConstants.PmtPid], counters.Keys.Order());
    }

    [Fact]
    public void Input_without_any_nal_unit_is_refused_and_writes_nothing()
    {
        var muxer = new TsMuxer();
        var output = new ArrayBufferWriter<byte>();
        Assert.False(muxer.WriteVideo(output, [1, 2, 3, 4, 5], 0, 0, true));
        Assert.False(muxer.WriteVideo(output, [], 0, 0, true));
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public async Task Ffmpeg_decodes_our_stream_without_errors_and_sees_every_frame_with_our_timestamps()
    {
        var h264 = await ExternalTool.MakeH264Async(640, 360, 25, 3, 25);
        var frames = AccessUnits.Frames(h264, 25);
        var muxer = new TsMuxer();
        var output = new ArrayBufferWriter<byte>();
        muxer.WriteTables(output);
        foreach (var f in frames)
        {
            muxer.WriteVideo(output, f.Data.Span, f.Pts, f.Dts, f.IsKeyframe);
        }

        var path = await AssertFfmpegDecodesCleanlyAsync(output.WrittenMemory);
        try
        {

            var packets = await FfmpegOracle.VideoPacketsAsync(path);
            Assert.Equal(frames.Count, packets.Count);
            for (var i = 0; i < packets.Count; i++)
            {
                Assert.Equal(frames[i].Pts + TsConstants.TimestampOffset, packets[i].Pts);
                Assert.Equal(frames[i].IsKeyframe, packets[i].IsKey());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Idr_without_parameter_sets_or_aud_gets_them_inserted_so_ffmpeg_can_join()
    {
        // A stream whose SPS/PPS appear only once, in the first access unit (as many cameras send them out of band).
        var h264 = await ExternalTool.MakeH264Async(320, 240, 25, 2, 10);
        var frames = AccessUnits.Frames(h264, 25);
        var muxer = new TsMuxer();
        var warmup = new ArrayBufferWriter<byte>();
        muxer.WriteTables(warmup);
        muxer.WriteVideo(warmup, frames[0].Data.Span, frames[0].Pts, frames[0].Dts, true);

        // Start a fresh file at the second IDR, with its SPS/PPS/AUD stripped: the muxer must restore them.
        var output = new ArrayBufferWriter<byte>();
        muxer.WriteTables(output);
        foreach (var f in frames.Skip(10))
        {
            muxer.WriteVideo(output, StripParameterSets(f.Data.Span), f.Pts, f.Dts, f.IsKeyframe);
        }

        var path = await AssertFfmpegDecodesCleanlyAsync(output.WrittenMemory);
        try
        {
            var video = (await FFProbe.AnalyseAsync(path)).PrimaryVideoStream!;
            var decoded = (await FFProbe.GetFramesAsync(path, customArguments: "-select_streams v")).Frames.Count;
            Assert.Equal((320, 240, frames.Count - 10), (video.Width, video.Height, decoded));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Adts_aac_audio_is_muxed_as_a_second_stream()
    {
        var aacPath = ExternalTool.TempFile(".aac");
        var tsPath = ExternalTool.TempFile(".ts");
        try
        {
            await ExternalTool.MakeAdtsAacAsync(aacPath, seconds: 2);
            var adts = await File.ReadAllBytesAsync(aacPath);
            var h264 = await ExternalTool.MakeH264Async(320, 240, 25, 2, 25);
            var video = AccessUnits.Frames(h264, 25);

            var muxer = new TsMuxer(hasAudio: true);
            var output = new ArrayBufferWriter<byte>();
            muxer.WriteTables(output);
            var audioPos = 0;
            long audioPts = 0;
            foreach (var f in video)
            {
                muxer.WriteVideo(output, f.Data.Span, f.Pts, f.Dts, f.IsKeyframe);
                // Interleave the ADTS frames (1024 samples at 48 kHz each) that fall before the next video frame.
                while (audioPos + 7 <= adts.Length && audioPts <= f.Pts + 3600)
                {
                    var length = ((adts[audioPos + 3] & 0x03) << 11) | (adts[audioPos + 4] << 3) | (adts[audioPos + 5] >> 5);
                    Assert.True(muxer.WriteAudio(output, adts.AsSpan(audioPos, length), audioPts));
                    audioPos += length;
                    audioPts += 1024 * 90_000 / 48_000;
                }
            }

            await File.WriteAllBytesAsync(tsPath, output.WrittenSpan.ToArray());
            var decode = await FfmpegOracle.DecodeAsync(tsPath);
            Assert.True(decode.Success && decode.Errors().Length == 0, decode.Errors());
            var streams = await FFProbe.AnalyseAsync(tsPath);
            Assert.Contains(streams.AudioStreams, a => a is { CodecName: "aac", Profile: "LC" });
            Assert.Contains(streams.VideoStreams, v => v.CodecName == "h264");
        }
        finally
        {
            File.Delete(aacPath);
            File.Delete(tsPath);
        }
    }

    /// <summary>Writes the stream to a file and has ffmpeg decode all of it; returns the file (caller deletes).</summary>
    private static async Task<string> AssertFfmpegDecodesCleanlyAsync(ReadOnlyMemory<byte> ts)
    {
        var path = ExternalTool.TempFile(".ts");
        await File.WriteAllBytesAsync(path, ts.ToArray());
        var decode = await FfmpegOracle.DecodeAsync(path);
        Assert.True(decode.Success && decode.Errors().Length == 0, decode.Errors());
        return path;
    }

    private static byte[] StripParameterSets(ReadOnlySpan<byte> au)
    {
        var kept = new List<byte>();
        foreach (var nal in H264.AnnexB.EnumerateNalUnits(au))
        {
            if (H264.NalUnitType.Of(nal) is H264.NalUnitType.Sps or H264.NalUnitType.Pps or H264.NalUnitType.AccessUnitDelimiter)
            {
                continue;
            }

            kept.AddRange([0, 0, 1]);
            kept.AddRange(nal.ToArray());
        }

        return [.. kept];
    }
}
