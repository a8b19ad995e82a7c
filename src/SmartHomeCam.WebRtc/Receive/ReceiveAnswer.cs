using System.Globalization;
using System.Net;
using SmartHomeCam.WebRtc.Sdp;

namespace SmartHomeCam.WebRtc.Receive;

/// <summary>
/// What a receive-only peer needs from the answer: ICE credentials, the DTLS fingerprint, the UDP candidates and
/// the payload types to accept. Parsed tolerantly for Google's quirks (nest-sdm §5): candidates without a foundation,
/// <c>a=ice-lite</c>, <c>setup:passive</c>, two H.264 payload types, RTX, <c>sendrecv</c> for a recvonly offer,
/// tcp/ssltcp candidates (skipped: we only do UDP).
/// </summary>
public sealed record ReceiveAnswer(
    string IceUfrag,
    string IcePassword,
    bool IceLite,
    string FingerprintAlgorithm,
    byte[] Fingerprint,
    string Setup,
    IReadOnlyList<IPEndPoint> Candidates,
    IReadOnlySet<int> H264PayloadTypes,
    IReadOnlySet<int> RtxPayloadTypes,
    int? OpusPayloadType,
    bool HasApplication)
{
    /// <summary>Parses the answer; a clear <see cref="SdpException"/> when something we cannot do without is missing.</summary>
    public static ReceiveAnswer Parse(string sdp)
    {
        var answer = SessionDescription.Parse(sdp);
        var video = answer.Media.Find(m => m.Kind == "video" && m.Port != 0)
                    ?? throw new SdpException("The answer has no video section.");
        var ufrag = answer.MediaOrSession(video, "ice-ufrag") ?? throw new SdpException("The answer has no ice-ufrag.");
        var password = answer.MediaOrSession(video, "ice-pwd") ?? throw new SdpException("The answer has no ice-pwd.");
        var fingerprintLine = answer.MediaOrSession(video, "fingerprint") ?? throw new SdpException("The answer has no fingerprint.");
        var (algorithm, digest) = ParseFingerprint(fingerprintLine);
        // Our offer says actpass (RFC 5763 §5): Google answers passive (we are the DTLS client); other peers may answer active.
        var setup = (answer.MediaOrSession(video, "setup") ?? "passive").Trim();
        if (setup is not ("passive" or "active"))
        {
            throw new SdpException($"The answer's DTLS role (setup:{setup}) is not passive or active.");
        }

        var h264 = new HashSet<int>();
        var rtx = new HashSet<int>();
        foreach (var map in video.AttributeValues("rtpmap"))
        {
            var parts = map.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pt) && pt < 128)
            {
                if (parts[1].StartsWith("H264/", StringComparison.OrdinalIgnoreCase))
                {
                    h264.Add(pt);
                }
                else if (parts[1].StartsWith("rtx/", StringComparison.OrdinalIgnoreCase))
                {
                    rtx.Add(pt);
                }
            }
        }

        if (h264.Count == 0)
        {
            throw new SdpException("The answer accepts no H.264 payload type.");
        }

        int? opus = null;
        // Audio counts only when the answerer sends it (sendonly, or Google's sendrecv); aiortc without a track says inactive.
        var audio = answer.Media.Find(m => m.Kind == "audio" && m.Port != 0 && !m.Attributes.Exists(a => a.Name is "recvonly" or "inactive"));
        foreach (var map in audio?.AttributeValues("rtpmap") ?? [])
        {
            var parts = map.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[1].StartsWith("opus/48000", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pt) && pt is >= 96 and < 128 && !h264.Contains(pt))
            {
                opus = pt;
                break;
            }
        }

        // With BUNDLE every section shares one transport: take the candidates of all of them, once each.
        var candidates = new List<IPEndPoint>();
        foreach (var line in answer.Attributes.Concat(answer.Media.SelectMany(m => m.Attributes)).Where(a => a.Name == "candidate"))
        {
            if (TryParseCandidate(line.Value, out var endPoint) && !candidates.Contains(endPoint))
            {
                candidates.Add(endPoint);
            }
        }

        if (candidates.Count == 0)
        {
            throw new SdpException("The answer has no UDP candidate.");
        }

        return new ReceiveAnswer(ufrag.Trim(), password.Trim(), answer.Attribute("ice-lite") is not null || answer.Attributes.Exists(a => a.Name == "ice-lite"),
            algorithm, digest, setup, candidates, h264, rtx, opus, answer.Media.Exists(m => m.Kind == "application" && m.Port != 0));
    }

    /// <summary>
    /// One <c>a=candidate</c> value: <c>foundation component transport priority address port typ type …</c> (RFC 8839
    /// §5.1). Google omits the foundation (<c>" 1 udp 2113939711 ip 19305 typ host"</c>): then the fields shift by one,
    /// which we detect by the transport word sitting where the component should be.
    /// </summary>
    public static bool TryParseCandidate(string? value, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (value is null)
        {
            return false;
        }

        var f = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var at = f.Length > 2 && IsTransport(f[1]) ? 0 : 1; // foundation-less: component first
        if (f.Length < at + 5 || !IsTransport(f[at + 1]) || !f[at + 1].Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!IPAddress.TryParse(f[at + 3], out var address)
            || !int.TryParse(f[at + 4], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535
            || f[at] != "1")
        {
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }

    private static bool IsTransport(string word) =>
        word.Equals("udp", StringComparison.OrdinalIgnoreCase) || word.Equals("tcp", StringComparison.OrdinalIgnoreCase)
        || word.Equals("ssltcp", StringComparison.OrdinalIgnoreCase);

    private static (string Algorithm, byte[] Digest) ParseFingerprint(string line)
    {
        var parts = line.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var algorithm = parts.Length == 2 ? parts[0].ToLowerInvariant() : "";
        if (algorithm is not ("sha-256" or "sha-384" or "sha-512"))
        {
            throw new SdpException("The answer's fingerprint is not sha-256, sha-384 or sha-512.");
        }

        try
        {
            var digest = Convert.FromHexString(parts[1].Replace(":", "", StringComparison.Ordinal));
            var expected = algorithm switch { "sha-256" => 32, "sha-384" => 48, _ => 64 };
            return digest.Length == expected ? (algorithm, digest) : throw new SdpException("The answer's fingerprint has the wrong length.");
        }
        catch (FormatException e)
        {
            throw new SdpException("The answer's fingerprint is not hex.", e);
        }
    }
}
