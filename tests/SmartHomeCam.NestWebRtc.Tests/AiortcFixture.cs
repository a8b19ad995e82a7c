using SmartHomeCam.Fakes.Nest.WebRtc;

namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>One aiortc process for the tests that need it (python start-up costs about a second).</summary>
public sealed class AiortcFixture : IAsyncLifetime
{
    private FakeNestWebRtcPeer? peer;

    public FakeNestWebRtcPeer Peer => peer ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => peer = await FakeNestWebRtcPeer.StartAsync();

    public async Task DisposeAsync()
    {
        if (peer is not null)
        {
            await peer.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AiortcGroup : ICollectionFixture<AiortcFixture>
{
    public const string Name = "aiortc";
}
