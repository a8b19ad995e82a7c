using System.Net;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>What the UDP mux delivers to the peer a packet belongs to (called on the mux's receive loop).</summary>
public interface IPacketReceiver
{
    /// <summary>The local ICE password, the key of MESSAGE-INTEGRITY on checks addressed to this peer.</summary>
    ReadOnlySpan<byte> LocalPassword { get; }

    /// <summary>A binding request that passed integrity: consent refreshed, and (on USE-CANDIDATE or first) the path to use.</summary>
    void OnBindingRequest(SocketAddress from, bool useCandidate);

    /// <summary>A DTLS record from the selected path (RFC 7983: first byte 20–63).</summary>
    void OnDtls(ReadOnlySpan<byte> packet);

    /// <summary>An SRTP or SRTCP packet from the selected path (first byte 128–191).</summary>
    void OnSrtp(Span<byte> packet);
}
