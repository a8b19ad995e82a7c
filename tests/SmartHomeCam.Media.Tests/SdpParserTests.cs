using SmartHomeCam.Media.H264;
using SmartHomeCam.Media.Sdp;

namespace SmartHomeCam.Media.Tests;

/// <summary>SDP as real servers write it: GStreamer's, an Arlo camera's, a Nest-style one; tolerant of odd spacing and LF.</summary>
public sealed class SdpParserTests
{
    // What gst-rtsp-server sends for x264enc ! rtph264pay + avenc_aac ! rtpmp4gpay (shape, not a copy).
    private const string Gstreamer =
        "v=0\r\no=- 1188340656180883 1 IN IP4 127.0.0.1\r\ns=Session streamed with GStreamer\r\ni=rtsp-server\r\nt=0 0\r\n" +
        "a=tool:GStreamer\r\na=type:broadcast\r\na=control:*\r\na=range:npt=now-\r\n" +
        "m=video 0 RTP/AVP 96\r\nc=IN IP4 0.0.0.0\r\nb=AS:300\r\na=rtpmap:96 H264/90000\r\n" +
        "a=fmtp:96 packetization-mode=1;profile-level-id=42c01e;sprop-parameter-sets=Z0LADdkBQfsBEAAAAwAQAAADAyDxQqSA,aMuDyyA=\r\n" +
        "a=control:stream=0\r\na=ts-refclk:local\r\na=mediaclk:sender\r\n" +
        "m=audio 0 RTP/AVP 97\r\nc=IN IP4 0.0.0.0\r\nb=AS:64\r\na=rtpmap:97 MPEG4-GENERIC/44100/1\r\n" +
        "a=fmtp:97 streamtype=5;profile-level-id=2;mode=AAC-hbr;config=1208;sizelength=13;indexlength=3;indexdeltalength=3\r\n" +
        "a=control:stream=1\r\n";

    // An Arlo camera: absolute control URLs, no session-level control, bare LF line ends.
    private const string ArloLike =
        "v=0\no=- 0 0 IN IP4 172.14.1.20\ns=live\nt=0 0\n" +
        "m=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n" +
        "a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z0LADdkBQfsBEAAAAwAQAAADAyDxQqSA,aMuDyyA=; profile-level-id=42C01E\n" +
        "a=control:rtsp://172.14.1.20/live/trackID=1\n" +
        "m=audio 0 RTP/AVP 97\na=rtpmap:97 MPEG4-GENERIC/16000/1\n" +
        "a=fmtp:97 profile-level-id=15;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1408\n" +
        "a=control:rtsp://172.14.1.20/live/trackID=2\n";

    // Nest-style: H.264 with a session-level control URL and Opus audio we must drop.
    private const string NestLike =
        "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=control:rtsps://stream.example/abc?auth=x\r\n" +
        "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\na=control:trackID=0\r\n" +
        "m=audio 0 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\na=control:trackID=1\r\n";

    [Fact]
    public void Gstreamer_description_gives_tracks_parameter_sets_and_aac_config()
    {
        var sdp = SdpParser.TryParse(Gstreamer);
        Assert.NotNull(sdp);
        Assert.Equal("*", sdp.Control);
        var video = Assert.IsType<SdpMedia>(sdp.FirstVideo);
        Assert.True(video.Is("H264"));
        Assert.Equal(96, video.PayloadType);
        Assert.Equal(90000, video.ClockRate);
        Assert.Equal("stream=0", video.Control);

        var sets = H264FormatParameters.ParameterSets(video);
        var nals = new List<int>();
        foreach (var nal in AnnexB.EnumerateNalUnits(sets))
        {
            nals.Add(NalUnitType.Of(nal));
        }

        Assert.Equal([NalUnitType.Sps, NalUnitType.Pps], nals);
        var sps = SpsParser.TryParse(sets.AsSpan(4, 24));
        Assert.NotNull(sps);
        Assert.Equal((320, 240), (sps.Width, sps.Height));

        var audio = Assert.IsType<SdpMedia>(sdp.FirstAudio);
        Assert.Equal(44100, audio.ClockRate);
        var aac = AacFormatParameters.TryParse(audio);
        Assert.NotNull(aac);
        Assert.Equal((13, 3, 3), (aac.SizeLength, aac.IndexLength, aac.IndexDeltaLength));
        Assert.Equal(new AacTrack(44100, 1, 2), aac.Track); // 0x1208: AAC-LC, index 4, mono
    }

    [Fact]
    public void Arlo_description_with_bare_newlines_and_absolute_controls()
    {
        var sdp = SdpParser.TryParse(ArloLike);
        Assert.NotNull(sdp);
        Assert.Null(sdp.Control);
        Assert.Equal("rtsp://172.14.1.20/live/trackID=1", sdp.FirstVideo!.Control);
        Assert.Equal("42C01E", sdp.FirstVideo.Parameter("profile-level-id"));
        Assert.NotEmpty(H264FormatParameters.ParameterSets(sdp.FirstVideo));
        var aac = AacFormatParameters.TryParse(sdp.FirstAudio!);
        Assert.Equal(new AacTrack(16000, 1, 2), aac!.Track); // 0x1408: index 8 = 16 kHz
    }

    [Fact]
    public void Nest_description_without_sprop_and_with_opus()
    {
        var sdp = SdpParser.TryParse(NestLike);
        Assert.NotNull(sdp);
        Assert.Equal("rtsps://stream.example/abc?auth=x", sdp.Control);
        Assert.Empty(H264FormatParameters.ParameterSets(sdp.FirstVideo!));
        Assert.True(sdp.FirstAudio!.Is("opus"));
        Assert.Equal(2, sdp.FirstAudio.Channels);
        Assert.Null(AacFormatParameters.TryParse(sdp.FirstAudio));
    }

    [Fact]
    public void H265_is_recognised_by_name()
    {
        var sdp = SdpParser.TryParse("v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H265/90000\r\n");
        Assert.True(sdp!.FirstVideo!.Is("H265"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v=0\r\ns=no media\r\n")]
    [InlineData("m=video\r\n")]
    [InlineData("m=video 0 RTP/AVP notanumber\r\n")]
    public void Unusable_descriptions_are_null(string text) => Assert.Null(SdpParser.TryParse(text));

    [Fact]
    public void Rtpmap_for_another_payload_type_is_ignored()
    {
        var sdp = SdpParser.TryParse("m=video 0 RTP/AVP 96\na=rtpmap:97 H265/90000\na=rtpmap:96 H264/90000\n");
        Assert.True(sdp!.FirstVideo!.Is("H264"));
    }

    [Fact]
    public void Aac_config_with_explicit_rate_and_bad_configs()
    {
        Assert.Equal(new AacTrack(48000, 2, 2), AacFormatParameters.TrackFromConfig("1190"));
        Assert.Null(AacFormatParameters.TrackFromConfig("zz"));
        Assert.Null(AacFormatParameters.TrackFromConfig("12"));
        Assert.Null(AacFormatParameters.TrackFromConfig("F800")); // object type 31
    }

    [Fact]
    public void Random_and_truncated_descriptions_never_throw()
    {
        var random = new Random(8);
        var alphabet = "vmacbst=:/ \r\n;,0123456789H264AVPRTfmtpspropconfig-=*";
        for (var i = 0; i < 5000; i++)
        {
            string text;
            if (i % 2 == 0)
            {
                var baseText = (i % 4 == 0 ? Gstreamer : ArloLike).ToCharArray();
                var cut = random.Next(baseText.Length + 1);
                for (var m = 0; m < 3; m++)
                {
                    baseText[random.Next(baseText.Length)] = alphabet[random.Next(alphabet.Length)];
                }

                text = new string(baseText, 0, cut);
            }
            else
            {
                text = new string(Enumerable.Range(0, random.Next(300)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            }

            var sdp = SdpParser.TryParse(text);
            foreach (var media in sdp?.Media ?? [])
            {
                _ = H264FormatParameters.ParameterSets(media);
                _ = AacFormatParameters.TryParse(media);
            }
        }
    }
}
