using Microsoft.Extensions.Logging.Abstractions;
using SmartHomeCam.Fakes.Nest.WebRtc;
using SmartHomeCam.Media;
using SmartHomeCam.WebRtc.Dtls;
using SmartHomeCam.WebRtc.Ice;
using SmartHomeCam.WebRtc.Receive;

namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>Our receive-only peer against aiortc, an independent WebRTC implementation, on loopback.</summary>
[Collection(AiortcGroup.Name)]
public sealed class AiortcReceiveTests(AiortcFixture aiortc)
{
    [Fact]
    public async Task Receiver_connects_to_aiortc_and_gets_decodable_h264_starting_with_an_idr()
    {
        await using var receiver = NewReceiver();
        var offer = receiver.CreateOffer();
        var answer = await aiortc.Peer.AnswerAsync("direct-" + Guid.NewGuid().ToString("N"), offer, TimeSpan.FromSeconds(60));
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await receiver.ConnectAsync(answer, cts.Token);

        var frames = new List<MediaFrame>();
        await foreach (var frame in receiver.ReadAsync(cts.Token))
        {
            frames.Add(frame with { Data = frame.Data.ToArray() });
            if (frames.Count == 30)
            {
                break;
            }
        }

        Assert.True(frames[0].IsKeyframe);
        Assert.True(frames.Zip(frames.Skip(1)).All(p => p.Second.Pts > p.First.Pts), "timestamps rise");
        Assert.True(receiver.PlisSent >= 1);
        Assert.True(receiver.FirsSent >= 1);
    }

    internal static WebRtcReceiver NewReceiver(WebRtcReceiverOptions? options = null) =>
        new(options ?? new WebRtcReceiverOptions { Ice = new IceControllingAgentOptions { HostAddresses = [System.Net.IPAddress.Loopback] } },
            DtlsCertificate.Generate(), NullLogger.Instance);
}
