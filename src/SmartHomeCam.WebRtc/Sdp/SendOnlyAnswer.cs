using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmartHomeCam.WebRtc.Sdp;

/// <summary>What the answerer brings: its ICE credentials, DTLS fingerprint, candidates and the video it sends.</summary>
public sealed record AnswerParameters(
    string IceUfrag,
    string IcePwd,
    string Fingerprint,
    IReadOnlyList<IPEndPoint> Candidates,
    uint VideoSsrc,
    string Cname,
    string? ProfileLevelId,
    IReadOnlyList<IPEndPoint>? TcpCandidates = null);

/// <summary>What the offer fixed for the session: the accepted video section and the peer's ICE and DTLS identity.</summary>
public sealed record NegotiatedVideo(
    string Mid,
    int PayloadType,
    string RemoteUfrag,
    string RemotePwd,
    string RemoteFingerprintAlgorithm,
    byte[] RemoteFingerprint,
    string AnswerSdp);

/// <summary>
/// Answers a browser-style or Google-style offer with one sendonly H.264 video section (spec §3.5): ICE-lite,
/// BUNDLE, rtcp-mux, DTLS passive (we are the DTLS server), every candidate in the answer (no trickle). Audio
/// and data sections are rejected (port 0): the displays get video only.
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

        var sdp = Write(offer, video, chosen.PayloadType, profileLevelId, local);
        return new NegotiatedVideo(mid, chosen.PayloadType, ufrag, pwd, algorithm, fingerprint, sdp);
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

    private static string Write(SessionDescription offer, SdpMedia video, int pt, string profileLevelId, AnswerParameters local)
    {
        var s = new StringBuilder(1024);
        var first = local.Candidates.Count > 0 ? local.Candidates[0] : new IPEndPoint(IPAddress.Any, 9);
        Line(s, "v=0");
        Line(s, $"o=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1");
        Line(s, "s=-");
        Line(s, "t=0 0");
        Line(s, "a=ice-lite");
        Line(s, $"a=group:BUNDLE {video.Mid}");
        Line(s, "a=msid-semantic: WMS smarthomecam");
        foreach (var media in offer.Media)
        {
            if (!ReferenceEquals(media, video))
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

            Line(s, $"m=video {first.Port} {media.Protocol} {pt}");
            Line(s, $"c=IN {(first.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4")} {first.Address}");
            Line(s, $"a=mid:{media.Mid}");
            Line(s, $"a=ice-ufrag:{local.IceUfrag}");
            Line(s, $"a=ice-pwd:{local.IcePwd}");
            Line(s, $"a=fingerprint:sha-256 {local.Fingerprint}");
            Line(s, "a=setup:passive");
            Line(s, "a=sendonly");
            Line(s, "a=rtcp-mux");
            Line(s, $"a=rtpmap:{pt} H264/90000");
            Line(s, $"a=rtcp-fb:{pt} nack");
            Line(s, $"a=rtcp-fb:{pt} nack pli");
            Line(s, $"a=rtcp-fb:{pt} ccm fir");
            Line(s, $"a=fmtp:{pt} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id={profileLevelId}");
            Line(s, $"a=msid:smarthomecam video");
            Line(s, $"a=ssrc:{local.VideoSsrc} cname:{local.Cname}");
            Line(s, $"a=ssrc:{local.VideoSsrc} msid:smarthomecam video");
            IceCandidateLines.Append(s, local.Candidates, local.TcpCandidates);

            Line(s, "a=end-of-candidates");
        }

        return s.ToString();
    }

    private static void Line(StringBuilder s, string line) => s.Append(line).Append("\r\n");
}
