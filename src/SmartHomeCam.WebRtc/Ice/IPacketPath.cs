namespace SmartHomeCam.WebRtc.Ice;

/// <summary>
/// One ICE path to a remote peer, whichever transport it runs on (a UDP address on the shared port, or an
/// ICE-TCP connection): what a peer sends its STUN responses, DTLS records and SRTP on once ICE chose it.
/// </summary>
public interface IPacketPath
{
    /// <summary>Sends one packet (framed for the transport); failures drop the packet or close the path, never throw.</summary>
    void Send(ReadOnlySpan<byte> packet);

    /// <summary>Sends every datagram of <paramref name="batch"/>; by default one at a time (UDP overrides it with one segmented send).</summary>
    void SendBatch(PacketBatch batch) => batch.SendEach(this);

    /// <summary>"udp 192.0.2.1:5000" or "tcp 192.0.2.1:5000", for logs.</summary>
    string Description { get; }
}
