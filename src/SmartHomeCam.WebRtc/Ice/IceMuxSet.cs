namespace SmartHomeCam.WebRtc.Ice;

/// <summary>A peer reachable on several transports at once: registration goes to every mux (UDP and ICE-TCP).</summary>
public sealed class IceMuxSet(params IIceMux[] muxes) : IIceMux
{
    public void Register(string localUfrag, IPacketReceiver receiver)
    {
        foreach (var mux in muxes)
        {
            mux.Register(localUfrag, receiver);
        }
    }

    public void Unregister(string localUfrag, IPacketReceiver receiver)
    {
        foreach (var mux in muxes)
        {
            mux.Unregister(localUfrag, receiver);
        }
    }
}
