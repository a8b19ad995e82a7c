using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>Answers one RTSP request (RFC 2326 §10) against the server's sessions.</summary>
internal sealed partial class FakeRtspRequestHandler(FakeRtspServer server, FakeRtspConnection connection)
{
    private const string Public = "OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, SET_PARAMETER, TEARDOWN";
    private readonly FakeRtspServerOptions _options = server.Options;

    public FakeRtspResponse Handle(RtspRequest request)
    {
        server.Counters.Request(request.Method);
        Uri? url = null;
        if (request.Target != "*" && !Uri.TryCreate(request.Target, UriKind.Absolute, out url))
        {
            return FakeRtspResponse.Of(400);
        }

        if (url is not null && _options.RequestValidator is { } validator)
        {
            var status = validator(request.Method, url);
            if (status is < 200 or > 299)
            {
                return FakeRtspResponse.Of(status);
            }
        }

        if (server.Auth is { } auth && request.Method != "OPTIONS" && !auth.Verify(request.Method, request.Header("Authorization")))
        {
            return FakeRtspResponse.Of(401, ("WWW-Authenticate", auth.WwwAuthenticate));
        }

        return request.Method switch
        {
            "OPTIONS" => FakeRtspResponse.Of(200, ("Public", Public)),
            "DESCRIBE" => Describe(request, url),
            "SETUP" => Setup(request, url),
            "PLAY" => Play(request, url),
            "GET_PARAMETER" or "SET_PARAMETER" => KeepAlive(request),
            "TEARDOWN" => Teardown(request),
            _ => FakeRtspResponse.Of(501),
        };
    }

    private FakeRtspResponse Describe(RtspRequest request, Uri? url)
    {
        if (url is null || !PathMatches(url, out _))
        {
            return FakeRtspResponse.Of(404);
        }

        var media = _options.Media;
        var inv = CultureInfo.InvariantCulture;
        var sdp = new StringBuilder();
        sdp.Append("v=0\r\n");
        sdp.Append(inv, $"o=- {Environment.TickCount64} 1 IN IP4 {connection.LocalAddress}\r\n");
        sdp.Append("s=SmartHomeCam fake camera\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=control:*\r\na=range:npt=now-\r\n");
        sdp.Append("m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n");
        sdp.Append(inv, $"a=fmtp:96 packetization-mode=1;profile-level-id={Convert.ToHexString(media.Sps!, 1, 3)};");
        sdp.Append(inv, $"sprop-parameter-sets={Convert.ToBase64String(media.Sps!)},{Convert.ToBase64String(media.Pps!)}\r\n");
        sdp.Append(inv, $"a=control:{Control(url, 0)}\r\n");
        if (media.Audio is { } audio)
        {
            sdp.Append(inv, $"m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/{audio.SampleRate}/{audio.Channels}\r\n");
            sdp.Append(inv, $"a=fmtp:97 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config={audio.ConfigHex}\r\n");
            sdp.Append(inv, $"a=control:{Control(url, 1)}\r\n");
        }

        var response = FakeRtspResponse.Of(200, ("Content-Type", "application/sdp"), ("Content-Base", url.Query.Length == 0 ? Base(url) + "/" : url.ToString()));
        return response with { Body = sdp.ToString() };
    }

    private FakeRtspResponse Setup(RtspRequest request, Uri? url)
    {
        if (url is null || !PathMatches(url, out var track) || track > (_options.Media.Audio is null ? 0 : 1))
        {
            return FakeRtspResponse.Of(404);
        }

        var transport = request.Header("Transport") ?? string.Empty;
        if (transport.Contains("multicast", StringComparison.OrdinalIgnoreCase))
        {
            return FakeRtspResponse.Of(461);
        }

        FakeRtspSession session;
        if (SessionId(request) is { } id)
        {
            if (server.Find(id) is not { } existing)
            {
                return FakeRtspResponse.Of(454);
            }

            session = existing;
        }
        else
        {
            if (_options.SingleSession && server.SessionCount > 0)
            {
                return FakeRtspResponse.Of(453); // one reader at a time; an orphan blocks the camera
            }

            session = server.Add(new FakeRtspSession(server, connection, url));
        }

        var ssrcNote = string.Empty;
        string reply;
        var interleaved = InterleavedPattern().Match(transport);
        if (transport.Contains("/TCP", StringComparison.OrdinalIgnoreCase) || interleaved.Success)
        {
            var channel = interleaved.Success ? int.Parse(interleaved.Groups[1].Value, CultureInfo.InvariantCulture) : track * 2;
            session.AddTrack(track, FakeRtpTransport.Interleaved(connection, channel), track == 0 ? 96 : 97);
            reply = string.Create(CultureInfo.InvariantCulture, $"RTP/AVP/TCP;unicast;interleaved={channel}-{channel + 1}");
        }
        else
        {
            var ports = ClientPortPattern().Match(transport);
            if (!ports.Success)
            {
                return FakeRtspResponse.Of(461);
            }

            var rtp = int.Parse(ports.Groups[1].Value, CultureInfo.InvariantCulture);
            var rtcp = ports.Groups[2].Success ? int.Parse(ports.Groups[2].Value, CultureInfo.InvariantCulture) : rtp + 1;
            var udp = FakeRtpTransport.Udp(server.Options.BindAddress, connection.RemoteAddress, rtp, rtcp);
            session.AddTrack(track, udp, track == 0 ? 96 : 97);
            reply = string.Create(CultureInfo.InvariantCulture,
                $"RTP/AVP;unicast;client_port={rtp}-{rtcp};server_port={udp.ServerRtpPort}-{udp.ServerRtpPort + 1}");
        }

        ssrcNote = string.Create(CultureInfo.InvariantCulture, $";ssrc={session.Writer(track)!.Ssrc:X8}");
        return FakeRtspResponse.Of(200, ("Transport", reply + ssrcNote), ("Session", SessionHeader(session)));
    }

    private FakeRtspResponse Play(RtspRequest request, Uri? url)
    {
        if (SessionId(request) is not { } id || server.Find(id) is not { } session)
        {
            return FakeRtspResponse.Of(454);
        }

        var info = new List<string>();
        for (var track = 0; track < 2; track++)
        {
            if (session.HasTrack(track) && url is not null)
            {
                info.Add(string.Create(CultureInfo.InvariantCulture,
                    $"url={Control(url, track)};seq={session.Writer(track)!.Sequence};rtptime={session.TimestampBase(track)}"));
            }
        }

        var response = FakeRtspResponse.Of(200, ("Session", SessionHeader(session)), ("Range", "npt=0.000-"), ("RTP-Info", string.Join(',', info)));
        return response with { After = session.Play };
    }

    private FakeRtspResponse KeepAlive(RtspRequest request)
    {
        if (SessionId(request) is { } id)
        {
            return server.Find(id) is { } session ? FakeRtspResponse.Of(200, ("Session", SessionHeader(session))) : FakeRtspResponse.Of(454);
        }

        return FakeRtspResponse.Of(200);
    }

    private FakeRtspResponse Teardown(RtspRequest request)
    {
        if (SessionId(request) is not { } id || server.Find(id) is not { } session)
        {
            return FakeRtspResponse.Of(454);
        }

        server.Counters.Teardown();
        session.End(FakeRtspEndReason.Teardown);
        return FakeRtspResponse.Of(200, ("Session", session.Id));
    }

    private string SessionHeader(FakeRtspSession session) =>
        string.Create(CultureInfo.InvariantCulture, $"{session.Id};timeout={_options.SessionTimeoutSeconds}");

    private static string? SessionId(RtspRequest request) => request.Header("Session")?.Split(';')[0].Trim() is { Length: > 0 } id ? id : null;

    /// <summary>Whether the URL names the stream (or one of its tracks); <paramref name="track"/> is 0 without a trackID.</summary>
    private bool PathMatches(Uri url, out int track)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        track = 0;
        var match = TrackPattern().Match(path);
        if (match.Success)
        {
            track = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            path = path[..match.Index];
        }

        return _options.Path is null || string.Equals(path, _options.Path.TrimEnd('/'), StringComparison.Ordinal);
    }

    private static string Base(Uri url)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        var match = TrackPattern().Match(path);
        if (match.Success)
        {
            path = path[..match.Index];
        }

        return $"{url.Scheme}://{url.Authority}{path}";
    }

    private static string Control(Uri url, int track) =>
        string.Create(CultureInfo.InvariantCulture, $"{Base(url)}/trackID={track}{url.Query}");

    [GeneratedRegex(@"/trackID=(\d+)$")]
    private static partial Regex TrackPattern();

    [GeneratedRegex(@"interleaved=(\d+)(?:-(\d+))?")]
    private static partial Regex InterleavedPattern();

    [GeneratedRegex(@"client_port=(\d+)(?:-(\d+))?")]
    private static partial Regex ClientPortPattern();
}
