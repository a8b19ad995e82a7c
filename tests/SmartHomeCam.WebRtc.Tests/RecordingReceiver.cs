using System.Collections.Concurrent;
using System.Text;
using SmartHomeCam.WebRtc.Ice;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>A peer stand-in for mux tests: records what the mux routes to it.</summary>
internal sealed class RecordingReceiver(string password) : IPacketReceiver
{
    private readonly byte[] key = Encoding.UTF8.GetBytes(password);

    public ConcurrentQueue<(IPacketPath Path, bool UseCandidate)> Checks { get; } = new();

    public ConcurrentQueue<byte[]> Dtls { get; } = new();

    public ConcurrentQueue<byte[]> Srtp { get; } = new();

    public ConcurrentQueue<IPacketPath> ClosedPaths { get; } = new();

    public ReadOnlySpan<byte> LocalPassword => key;

    public void OnBindingRequest(IPacketPath from, bool useCandidate) => Checks.Enqueue((from, useCandidate));

    public void OnDtls(ReadOnlySpan<byte> packet) => Dtls.Enqueue(packet.ToArray());

    public void OnSrtp(Span<byte> packet) => Srtp.Enqueue(packet.ToArray());

    public void OnPathClosed(IPacketPath path) => ClosedPaths.Enqueue(path);
}
