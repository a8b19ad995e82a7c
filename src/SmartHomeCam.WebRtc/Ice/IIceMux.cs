namespace SmartHomeCam.WebRtc.Ice;

/// <summary>Routes checks to peers by the local half of their ICE USERNAME (the UDP port, the ICE-TCP port, or both).</summary>
public interface IIceMux
{
    void Register(string localUfrag, IPacketReceiver receiver);

    /// <summary>Forgets the peer: its username and every path bound to it.</summary>
    void Unregister(string localUfrag, IPacketReceiver receiver);
}
