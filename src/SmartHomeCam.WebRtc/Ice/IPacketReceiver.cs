namespace SmartHomeCam.WebRtc.Ice;

/// <summary>What a mux (UDP or ICE-TCP) delivers to the peer a packet belongs to (called on the mux's receive loop).</summary>
public interface IPacketReceiver
{
    /// <summary>The local ICE password, the key of MESSAGE-INTEGRITY on checks addressed to this peer.</summary>
    ReadOnlySpan<byte> LocalPassword { get; }

    /// <summary>A binding request that passed integrity on <paramref name="from"/>: consent refreshed, and (on USE-CANDIDATE or first) the path to use.</summary>
    void OnBindingRequest(IPacketPath from, bool useCandidate);

    /// <summary>A DTLS record from the selected path (RFC 7983: first byte 20–63).</summary>
    void OnDtls(ReadOnlySpan<byte> packet);

    /// <summary>An SRTP or SRTCP packet from the selected path (first byte 128–191).</summary>
    void OnSrtp(Span<byte> packet);

    /// <summary>A connection-oriented path (ICE-TCP) ended: the peer cannot use it any more.</summary>
    void OnPathClosed(IPacketPath path)
    {
    }
}
