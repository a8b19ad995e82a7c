namespace SmartHomeCam.WebRtc.Peers;

/// <summary>
/// The viewers a broadcaster fans out to: copy-on-write, so the per-frame path reads a snapshot without a lock while
/// viewers come and go (rarely) under one.
/// </summary>
internal sealed class PeerSet
{
    private readonly Lock gate = new();
    private WebRtcPeer[] peers = [];

    /// <summary>The viewers now; the array is never changed after it is published.</summary>
    public WebRtcPeer[] Snapshot => Volatile.Read(ref peers);

    public int Count => Snapshot.Length;

    public void Add(WebRtcPeer peer)
    {
        lock (gate)
        {
            Volatile.Write(ref peers, [.. peers, peer]);
        }
    }

    public void Remove(WebRtcPeer peer)
    {
        lock (gate)
        {
            Volatile.Write(ref peers, Array.FindAll(peers, p => p != peer));
        }
    }
}
