using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmartHomeCam.WebRtc.Sdp;

/// <summary>
/// What the answerer brings: its ICE credentials, DTLS fingerprint, candidates and the video it sends, and whether
/// it has Opus audio to send (<paramref name="SendsOpus"/>: the camera's session has an Opus track).
/// </summary>
public sealed record AnswerParameters(
    string IceUfrag,
    string IcePwd,
    string Fingerprint,
    IReadOnlyList<IPEndPoint> Candidates,
    uint VideoSsrc,
    string Cname,
    string? ProfileLevelId,
    bool SendsOpus = false,
    IReadOnlyList<IPEndPoint>? TcpCandidates = null);

/// <summary>What the offer fixed for the session: the accepted video section and the peer's ICE and DTLS identity.</summary>
public sealed record NegotiatedVideo(
    string Mid,
    int PayloadType,
    string RemoteUfrag,
    string RemotePwd,
    string RemoteFingerprintAlgorithm,
    byte[] RemoteFingerprint,
    string AnswerSdp)
{
    /// <summary>The accepted Opus audio section; null when the answer rejected audio (video only).</summary>
    public NegotiatedAudio? Audio { get; init; }
}

/// <summary>The accepted audio section: Opus with the offer's payload type, sent under its own SSRC.</summary>
public sealed record NegotiatedAudio(string Mid, int PayloadType, uint Ssrc);

/// <summary>
/// Answers a browser-style or Google-style offer with one sendonly H.264 video section (spec §3.5): ICE-lite,
/// BUNDLE, rtcp-mux, DTLS passive (we are the DTLS server), every candidate in the answer (no trickle). An audio
/// section is accepted, <c>sendonly</c> with Opus, when the camera has Opus (<see cref="AnswerParameters.SendsOpus"/>)
/// and the offer receives opus/48000/2 in the video's BUNDLE group; both tracks share one <c>a=msid</c> stream and
/// CNAME so the display plays them in sync. Every other section (data, audio otherwise) is rejected (port 0).
/// </summary>
public static class SendOnlyAnswer
{
    public static NegotiatedVideo Create(SessionDescription offer, AnswerParameters local)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(local);
        var video = offer.Media.FirstOrDefault(m => m.Kind == "video" && m.Port != 0 && H264Format.Find(m).Any(f => f.PacketizationMode == 1))
            ?? throw new SdpException("The offer has no video section with H.264 (packetization-mode=1).");
        var mid = video.Mid ?? throw new SdpException("The video section has no a=mid.");
        if (!video.Protocol.Contains("SAVPF", StringComparison.Ordinal) && !video.Protocol.Contains("SAVP", StringComparison.Ordinal))
        {
            throw new SdpException("The video section is not DTLS-SRTP (UDP/TLS/RTP/SAVPF).");
        }

        if (video.Attribute("sendonly") is not null || video.Attributes.Exists(a => a.Name is "sendonly" or "inactive"))
        {
            throw new SdpException("The video section does not receive (it must be recvonly or sendrecv).");
        }

        if (!video.Attributes.Exists(a => a.Name == "rtcp-mux"))
        {
            throw new SdpException("The video section lacks a=rtcp-mux.");
        }

        var ufrag = offer.MediaOrSession(video, "ice-ufrag");
        var pwd = offer.MediaOrSession(video, "ice-pwd");
        if (string.IsNullOrEmpty(ufrag) || string.IsNullOrEmpty(pwd) || ufrag.Length > 256 || pwd.Length > 256)
        {
            throw new SdpException("The offer lacks ice-ufrag / ice-pwd.");
        }

        if (!HasCandidates(offer))
        {
            throw new SdpException("The offer carries no ICE candidates: trickle ICE is not supported; gather every candidate before sending the offer.");
        }

        var setup = offer.MediaOrSession(video, "setup");
        if (setup is not null && setup != "actpass" && setup != "active")
        {
            throw new SdpException("The offer's a=setup must be actpass or active (we are the DTLS server).");
        }

        var (algorithm, fingerprint) = ParseFingerprint(offer.MediaOrSession(video, "fingerprint"));
        var formats = H264Format.Find(video).Where(f => f.PacketizationMode == 1).ToList();
        var wanted = local.ProfileLevelId is { Length: 6 } p ? Convert.ToInt32(p[..2], 16) : (int?)null;
        var matching = formats.Find(f => f.ProfileIdc == wanted);
        var chosen = matching ?? formats.Find(f => f.ProfileIdc is 0x42 or null) ?? formats[0];
        // The SPS's profile-level-id when the peer offered that profile (spec §3.5). Otherwise the offered one:
        // peers reject an answer whose profile they did not offer (RFC 6184 §8.2.2), while decoders take the stream.
        var profileLevelId = (matching is not null ? local.ProfileLevelId : null) ?? chosen.ProfileLevelId ?? "42e01f";

        var audio = local.SendsOpus ? FindOpus(offer, video) : null;
        var audioSsrc = audio is null ? 0 : NewSsrc(local.VideoSsrc);
        var sdp = Write(offer, video, chosen.PayloadType, profileLevelId, local, audio, audioSsrc);
        return new NegotiatedVideo(mid, chosen.PayloadType, ufrag, pwd, algorithm, fingerprint, sdp)
        {
            Audio = audio is null ? null : new NegotiatedAudio(audio.Value.Media.Mid!, audio.Value.PayloadType, audioSsrc),
        };
    }

    /// <summary>
    /// The first audio section the display can receive Opus stereo on (RFC 7587 §7: <c>opus/48000/2</c>), DTLS-SRTP with
    /// rtcp-mux and in the same BUNDLE group as the video (we have one transport); null when there is none.
    /// </summary>
    private static (SdpMedia Media, int PayloadType)? FindOpus(SessionDescription offer, SdpMedia video)
    {
        var bundle = offer.Attributes.Where(a => a.Name == "group" && a.Value is not null && a.Value.StartsWith("BUNDLE ", StringComparison.Ordinal))
            .Select(a => a.Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries)).FirstOrDefault(g => g.Contains(video.Mid));
        foreach (var media in offer.Media)
        {
            if (media.Kind != "audio" || media.Port == 0 || media.Mid is not { } audioMid || bundle?.Contains(audioMid) != true
                || !media.Protocol.Contains("SAVP", StringComparison.Ordinal)
                || media.Attributes.Exists(a => a.Name is "sendonly" or "inactive") || !media.Attributes.Exists(a => a.Name == "rtcp-mux"))
            {
                continue;
            }

            foreach (var rtpmap in media.AttributeValues("rtpmap"))
            {
                var space = rtpmap.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0 && int.TryParse(rtpmap.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt) && pt is >= 96 and < 128
                    && rtpmap.AsSpan(space + 1).Trim().Equals("opus/48000/2", StringComparison.OrdinalIgnoreCase))
                {
                    return (media, pt);
                }
            }
        }

        return null;
    }

    private static uint NewSsrc(uint other)
    {
        while (true)
        {
            var ssrc = (uint)System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, int.MaxValue);
            if (ssrc != other)
            {
                return ssrc;
            }
        }
    }

    private static bool HasCandidates(SessionDescription offer) =>
        offer.Attributes.Exists(a => a.Name == "candidate") || offer.Media.Exists(m => m.Attributes.Exists(a => a.Name == "candidate"));

    private static (string Algorithm, byte[] Digest) ParseFingerprint(string? value)
    {
        var space = value?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        if (value is null || space <= 0)
        {
            throw new SdpException("The offer has no a=fingerprint.");
        }

        var algorithm = value[..space].ToLowerInvariant();
        if (algorithm is not ("sha-256" or "sha-384" or "sha-512"))
        {
            throw new SdpException("The offer's fingerprint must be sha-256, sha-384 or sha-512.");
        }

        try
        {
            var digest = Convert.FromHexString(value[(space + 1)..].Trim().Replace(":", "", StringComparison.Ordinal));
            return digest.Length is 32 or 48 or 64 ? (algorithm, digest) : throw new SdpException("The offer's fingerprint has the wrong length.");
        }
        catch (FormatException)
        {
            throw new SdpException("The offer's fingerprint is not hex.");
        }
    }

    private static string Write(
        SessionDescription offer, SdpMedia video, int pt, string profileLevelId, AnswerParameters local, (SdpMedia Media, int PayloadType)? audio, uint audioSsrc)
    {
        var s = new StringBuilder(1024);
        var first = local.Candidates.Count > 0 ? local.Candidates[0] : new IPEndPoint(IPAddress.Any, 9);
        Line(s, "v=0");
        Line(s, $"o=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1");
        Line(s, "s=-");
        Line(s, "t=0 0");
        Line(s, "a=ice-lite");
        var bundled = offer.Media.Where(m => ReferenceEquals(m, video) || ReferenceEquals(m, audio?.Media)).Select(m => m.Mid);
        Line(s, $"a=group:BUNDLE {string.Join(' ', bundled)}");
        Line(s, "a=msid-semantic: WMS smarthomecam");
        foreach (var media in offer.Media)
        {
            var isAudio = audio is { } a && ReferenceEquals(media, a.Media);
            if (!ReferenceEquals(media, video) && !isAudio)
            {
                // Rejected (RFC 8843 §7.3.3 / JSEP §5.3.1): port 0, same kind and protocol, its mid kept.
                Line(s, $"m={media.Kind} 0 {media.Protocol} {(media.Formats.Count > 0 ? media.Formats[0] : "0")}");
                Line(s, "c=IN IP4 0.0.0.0");
                if (media.Mid is { } rejectedMid)
                {
                    Line(s, $"a=mid:{rejectedMid}");
                }

                Line(s, "a=inactive");
                continue;
            }

            Line(s, $"m={media.Kind} {first.Port} {media.Protocol} {(isAudio ? audio!.Value.PayloadType : pt)}");
            Line(s, $"c=IN {(first.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4")} {first.Address}");
            Line(s, $"a=mid:{media.Mid}");
            Line(s, $"a=ice-ufrag:{local.IceUfrag}");
            Line(s, $"a=ice-pwd:{local.IcePwd}");
            Line(s, $"a=fingerprint:sha-256 {local.Fingerprint}");
            Line(s, "a=setup:passive");
            Line(s, "a=sendonly");
            Line(s, "a=rtcp-mux");
            if (isAudio)
            {
                WriteOpus(s, audio!.Value.PayloadType, audioSsrc, local.Cname);
            }
            else
            {
                Line(s, $"a=rtpmap:{pt} H264/90000");
                Line(s, $"a=rtcp-fb:{pt} nack");
                Line(s, $"a=rtcp-fb:{pt} nack pli");
                Line(s, $"a=rtcp-fb:{pt} ccm fir");
                Line(s, $"a=fmtp:{pt} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id={profileLevelId}");
                Line(s, $"a=msid:smarthomecam video");
                Line(s, $"a=ssrc:{local.VideoSsrc} cname:{local.Cname}");
                Line(s, $"a=ssrc:{local.VideoSsrc} msid:smarthomecam video");
            }

            IceCandidateLines.Append(s, local.Candidates, local.TcpCandidates);

            Line(s, "a=end-of-candidates");
        }

        return s.ToString();
    }

    /// <summary>
    /// Opus as the camera sends it (RFC 7587 §7: 48 kHz, two channels signalled whatever the camera codes); one stream id with the video
    /// (<c>a=msid</c>, RFC 8830) and one CNAME, so the display plays both as one synchronized stream.
    /// </summary>
    private static void WriteOpus(StringBuilder s, int pt, uint ssrc, string cname)
    {
        Line(s, $"a=rtpmap:{pt} opus/48000/2");
        Line(s, $"a=fmtp:{pt} minptime=10;useinbandfec=1");
        Line(s, $"a=msid:smarthomecam audio");
        Line(s, $"a=ssrc:{ssrc} cname:{cname}");
        Line(s, $"a=ssrc:{ssrc} msid:smarthomecam audio");
    }

    private static void Line(StringBuilder s, string line) => s.Append(line).Append("\r\n");
}
