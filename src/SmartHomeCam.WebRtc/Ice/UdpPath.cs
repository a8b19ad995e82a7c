using System.Net;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>A remote address on the shared UDP port, bound to the peer whose check came from it.</summary>
public sealed class UdpPath : IPacketPath
{
    private readonly UdpMux mux;

    internal UdpPath(UdpMux mux, SocketAddress address, IPacketReceiver receiver)
    {
        this.mux = mux;
        Address = address;
        Receiver = receiver;
        Description = "udp " + UdpMux.Describe(address);
    }

    public SocketAddress Address { get; }

    internal IPacketReceiver Receiver { get; }

    public string Description { get; }

    public void Send(ReadOnlySpan<byte> packet) => mux.Send(packet, Address);

    /// <summary>Sends a batch of datagrams (one segmented send where the kernel can).</summary>
    public void SendBatch(PacketBatch batch) => mux.SendBatch(batch, Address);

    public override string ToString() => Description;
}
