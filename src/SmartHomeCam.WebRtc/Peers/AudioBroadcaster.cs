using SmartHomeCam.Media;
using SmartHomeCam.WebRtc.Rtp;

namespace SmartHomeCam.WebRtc.Peers;

/// <summary>
/// One camera's Opus audio for its WebRTC viewers, passed through without transcoding: each packet is checked
/// (RFC 6716 §3.4) and copied once into a pooled, reference-counted frame every attached peer shares; each peer
/// writes its own RTP header around it. <see cref="Publish"/> is called by the capture loop, one packet at a
/// time; everything else may come from any thread. Cameras without Opus (AAC ones) have <see cref="Track"/> null
/// and their viewers get video only.
/// </summary>
public sealed class AudioBroadcaster
{
    /// <summary>RTP payload limit shared with the video (≈1200-byte packets, spec §3.5); Opus packets are far smaller.</summary>
    public const int MaxPayload = H264Packetizer.DefaultMaxPayload;

    private readonly EncodedFramePool<EncodedAudioFrame> framePool = new();
    private readonly PeerSet peers = new();
    private OpusTrack? track;

    /// <summary>The camera's Opus track as its source last declared it; null: no audio a display can take.</summary>
    public OpusTrack? Track => Volatile.Read(ref track);

    public int PeerCount => peers.Count;

    /// <summary>Packets refused as malformed or too large for one RTP packet.</summary>
    public long Dropped { get; private set; }

    public void Declare(OpusTrack? declared) => Volatile.Write(ref track, declared);

    public void Attach(WebRtcPeer peer)
    {
        peers.Add(peer);
    }

    public void Detach(WebRtcPeer peer)
    {
        peers.Remove(peer);
    }

    /// <summary>Hands one Opus packet (90 kHz <paramref name="pts"/>) to every peer. Never blocks on a peer.</summary>
    public void Publish(ReadOnlySpan<byte> opus, long pts)
    {
        if (opus.Length > MaxPayload || !OpusPacket.TryGetDuration(opus, out var samples))
        {
            Dropped++;
            return;
        }

        var current = peers.Snapshot;
        if (current.Length == 0)
        {
            return;
        }

        var frame = EncodedAudioFrame.Create(framePool, opus, pts, samples);
        try
        {
            foreach (var peer in current)
            {
                peer.Enqueue(frame);
            }
        }
        finally
        {
            frame.Release();
        }
    }
}
