using System.Buffers;
using FFMpegCore;
using System.Text;
using SmartHomeCam.Media.Aac;
using SmartHomeCam.Media.Hls;
using SmartHomeCam.Media.Ts;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Media.Tests;

/// <summary>H.264 + ADTS AAC: tracks declared up front, PMT, audio PES timing, continuity, segments ffprobe reads, CODECS.</summary>
public sealed class AudioMuxingTests
{
    private static async Task<byte[]> MakeAdtsAsync(double seconds, int channels = 1)
    {
        var path = ExternalTool.TempFile(".aac");
        try
        {
            await ExternalTool.MakeAdtsAacAsync(path, seconds, channels);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Splits ADTS into frames timestamped as a camera would (1024 samples each).</summary>
    private static (List<MediaFrame> Frames, AacTrack Track) AudioFrames(byte[] adts)
    {
        Assert.True(AdtsHeader.TryParse(adts, out var first));
        var track = first.ToTrack();
        var frames = new List<MediaFrame>();
        for (var offset = 0; offset < adts.Length;)
        {
            Assert.True(AdtsHeader.TryParse(adts.AsSpan(offset), out var header), $"ADTS frame at {offset}");
            var ts = frames.Count * track.FrameDuration90k;
            frames.Add(new MediaFrame(adts.AsMemory(offset, header.FrameLength), ts, ts, IsKeyframe: true, Kind: MediaKind.Audio));
            offset += header.FrameLength;
        }

        return (frames, track);
    }

    /// <summary>Both tracks in timestamp order, video first on a tie, as sources deliver them.</summary>
    private static List<MediaFrame> Interleave(List<MediaFrame> video, List<MediaFrame> audio) =>
        video.Concat(audio).OrderBy(f => f.Dts).ThenBy(f => f.Kind).ToList();

    private static List<(byte Type, int Pid)> PmtStreams(ReadOnlyMemory<byte> ts)
    {
        var pmt = TsPacket.ParseAll(ts).First(p => p.Pid == TsConstants.PmtPid && p.PayloadStart).Payload.Span;
        var section = pmt[(1 + pmt[0])..];
        Assert.Equal(0x02, section[0]);
        var sectionLength = ((section[1] & 0x0F) << 8) | section[2];
        var programInfoLength = ((section[10] & 0x0F) << 8) | section[11];
        Assert.Equal(Crc32Mpeg.Compute(section[..(3 + sectionLength - 4)]), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(section[(3 + sectionLength - 4)..]));
        var streams = new List<(byte, int)>();
        for (var i = 12 + programInfoLength; i < 3 + sectionLength - 4;)
        {
            streams.Add((section[i], ((section[i + 1] & 0x1F) << 8) | section[i + 2]));
            i += 5 + (((section[i + 3] & 0x0F) << 8) | section[i + 4]);
        }

        return streams;
    }

    [Fact]
    public async Task Adts_headers_describe_the_audio_track_and_delimit_every_frame()
    {
        var adts = await MakeAdtsAsync(1, channels: 2);
        var (frames, track) = AudioFrames(adts);
        Assert.Equal(new AacTrack(48_000, 2, 2), track);
        Assert.Equal("mp4a.40.2", track.CodecString);
        Assert.Equal(1920, track.FrameDuration90k);
        Assert.Equal(adts.Length, frames.Sum(f => f.Data.Length));
        Assert.False(AdtsHeader.TryParse(adts.AsSpan(1), out _));
        Assert.False(AdtsHeader.TryParse(adts.AsSpan(0, 6), out _));
        Assert.False(AdtsHeader.TryParse(adts.AsSpan(0, frames[0].Data.Length - 1), out _)); // a truncated frame is not a frame
    }

    [Fact]
    public void Pmt_lists_h264_and_adts_aac_only_when_the_tracks_have_audio()
    {
        var withAudio = new ArrayBufferWriter<byte>();
        new TsMuxer(new MediaTracks(H264Track.InBand, new AacTrack(48_000, 1))).WriteTables(withAudio);
        Assert.Equal([(TsConstants.StreamTypeH264, TsConstants.VideoPid), (TsConstants.StreamTypeAdtsAac, TsConstants.AudioPid)], PmtStreams(withAudio.WrittenMemory));

        var videoOnly = new ArrayBufferWriter<byte>();
        new TsMuxer(MediaTracks.VideoOnly).WriteTables(videoOnly);
        Assert.Equal([(TsConstants.StreamTypeH264, TsConstants.VideoPid)], PmtStreams(videoOnly.WrittenMemory));
    }

    [Fact]
    public async Task Audio_pes_carry_their_frames_pts_and_each_pid_keeps_its_own_continuity_counter()
    {
        var video = AccessUnits.Frames(await ExternalTool.MakeH264Async(320, 240, 25, 2, 25), 25);
        var (audio, track) = AudioFrames(await MakeAdtsAsync(2));
        var muxer = new TsMuxer(new MediaTracks(H264Track.InBand, track));
        var output = new ArrayBufferWriter<byte>();
        muxer.WriteTables(output);
        foreach (var f in Interleave(video, audio))
        {
            Assert.True(f.Kind == MediaKind.Audio
                ? muxer.WriteAudio(output, f.Data.Span, f.Pts)
                : muxer.WriteVideo(output, f.Data.Span, f.Pts, f.Dts, f.IsKeyframe));
        }

        var packets = TsPacket.ParseAll(output.WrittenMemory);
        var audioPts = packets.Where(p => p.Pid == TsConstants.AudioPid && p.PayloadStart).Select(p => p.PesPts()).ToList();
        Assert.Equal(audio.Select(f => (f.Pts + TsConstants.TimestampOffset) & TsConstants.TimestampMask), audioPts);
        Assert.All(packets.Where(p => p.Pid == TsConstants.AudioPid && p.PayloadStart), p => Assert.Equal(TsConstants.AudioStreamId, p.Payload.Span[3]));

        foreach (var pid in new[] { TsConstants.VideoPid, TsConstants.AudioPid, TsConstants.PatPid, TsConstants.PmtPid })
        {
            var counters = packets.Where(p => p.Pid == pid && p.HasPayload).Select(p => p.Continuity).ToList();
            Assert.NotEmpty(counters);
            for (var i = 1; i < counters.Count; i++)
            {
                Assert.Equal((counters[i - 1] + 1) & 0x0F, counters[i]);
            }
        }
    }

    [Fact]
    public async Task Segments_of_a_source_with_sound_hold_h264_and_aac_and_the_playlist_names_both_codecs()
    {
        var video = AccessUnits.Frames(await ExternalTool.MakeH264Async(320, 240, 25, 4, 25), 25);
        var (audio, track) = AudioFrames(await MakeAdtsAsync(4));
        var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(1), 10));
        segmenter.DeclareTracks(new MediaTracks(H264Track.InBand, track));
        foreach (var f in Interleave(video, audio))
        {
            segmenter.Write(f);
        }

        segmenter.Flush();
        var window = segmenter.Window;
        Assert.True(window.Segments.Count >= 3);
        Assert.Matches("CODECS=\"avc1\\.[0-9A-F]{6},mp4a\\.40\\.2\"", Encoding.UTF8.GetString(window.MultivariantPlaylist("live.m3u8")));
        Assert.Equal(0, segmenter.DroppedFrames);

        var path = ExternalTool.TempFile(".ts");
        try
        {
            await File.WriteAllBytesAsync(path, window.Segments[1].ToArray());
            var streams = await FFProbe.AnalyseAsync(path);
            Assert.Contains(streams.VideoStreams, v => v.CodecName == "h264");
            Assert.Contains(streams.AudioStreams, a => a is { CodecName: "aac", SampleRateHz: 48000, Channels: 1 });
            var decode = await FfmpegOracle.DecodeAsync(path);
            Assert.True(decode.Success && decode.Errors().Length == 0, decode.Errors());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_restart_announced_by_an_audio_frame_closes_the_segment_and_marks_a_discontinuity()
    {
        var video = AccessUnits.Frames(await ExternalTool.MakeH264Async(320, 240, 25, 2, 25), 25);
        var (audio, track) = AudioFrames(await MakeAdtsAsync(2));
        var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(1), 10));
        var tracks = new MediaTracks(H264Track.InBand, track);
        segmenter.DeclareTracks(tracks);
        Assert.False(segmenter.Write(audio[0])); // no segment before the first IDR
        foreach (var f in Interleave(video, audio).Where(f => !(f.Kind == MediaKind.Audio && f.Dts == 0)))
        {
            segmenter.Write(f);
        }

        segmenter.DeclareTracks(tracks); // the same tracks again (a reconnect announces them): nothing closes yet
        var before = segmenter.Window.Segments.Count;
        Assert.Equal(1, before); // the second second is still open

        // The source restarts and speaks first with sound: the open segment closes at once.
        var restarted = Interleave(video, audio).Select(f => f with { Pts = f.Pts + 1000, Dts = f.Dts + 1000 }).ToList();
        Assert.False(segmenter.Write(restarted[1] with { Discontinuity = true }));
        Assert.Equal(before + 1, segmenter.Window.Segments.Count);
        foreach (var f in restarted)
        {
            segmenter.Write(f);
        }

        segmenter.Flush();
        var segments = segmenter.Window.Segments;
        Assert.False(segments[before].Discontinuity);
        Assert.True(segments[before + 1].Discontinuity);
        Assert.Single(segments, s => s.Discontinuity);
    }
}
