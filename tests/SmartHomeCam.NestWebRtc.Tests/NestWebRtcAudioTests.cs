using System.Text.Json;
using FFMpegCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Testing;
using Xunit.Abstractions;

namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>
/// Sound from a Nest WebRTC camera on a display: aiortc (Google's peer) sends H.264 and a 440 Hz Opus tone, the real
/// server receives both, HLS of that camera stays video only (TS has no Opus), and Chromium as the display gets the
/// Opus passed through next to the video over WebRTC, decoded to a tone (energy, not silence), both tracks in one stream.
/// </summary>
[Collection(AiortcGroup.Name)]
public sealed class NestWebRtcAudioTests(AiortcFixture aiortc, ITestOutputHelper output)
{
    [Fact]
    public async Task A_nest_webrtc_cameras_opus_reaches_a_display_with_the_video_and_its_hls_stays_video_only()
    {
        aiortc.Peer.DropRate = 0;
        aiortc.Peer.Audio = true;
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await using var s = await NestWebRtcServer.StartAsync(aiortc.Peer, new Dictionary<string, string?> { ["WebRtc:Enabled"] = "true", ["WebRtc:Port"] = "0" });
            var id = (await s.SyncAsync())[NestWebRtcServer.CameraName].GetProperty("id").GetString()!;
            output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: server up, Nest and Google linked");

            // HLS first (a Chromecast's EXECUTE): the camera's Opus never reaches the segmenter.
            var hls = await s.ExecuteAsync(id);
            await s.WaitForSegmentAsync(hls, TimeSpan.FromSeconds(30));
            var playlist = new Uri(hls, "live.m3u8");
            var probe = await FFProbe.AnalyseAsync(playlist);
            Assert.Empty(probe.AudioStreams);
            Assert.Single(probe.VideoStreams);
            var decode = await FfmpegOracle.DecodeAsync(playlist.ToString(), TimeSpan.FromSeconds(2));
            Assert.True(decode.Success && string.IsNullOrWhiteSpace(decode.Errors()), decode.Errors());
            output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: HLS is video only ({probe.VideoStreams[0].CodecName}) and decodes");

            // The display's EXECUTE and offer, against the same capture session.
            var states = await s.ExecuteWebRtcAsync(id);
            Assert.Equal("webrtc", states.GetProperty("cameraStreamProtocol").GetString());
            await using var display = await NestDisplayBrowser.StartAsync();
            var answer = await display.StartViewerAsync(
                states.GetProperty("cameraStreamSignalingUrl").GetString()!, states.GetProperty("cameraStreamAuthToken").GetString()!, id);
            Assert.Contains("opus/48000/2", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("m=audio 0 ", answer, StringComparison.Ordinal);

            JsonElement stats = default;
            try
            {
                await Poll.UntilAsync(async () =>
                {
                    stats = JsonDocument.Parse(await display.InboundAsync()).RootElement.Clone();
                    return Number(stats, "video", "framesDecoded") >= 15 && DecodedSamples(stats) >= 48_000 && Number(stats, "audio", "totalAudioEnergy") > 0;
                }, TimeSpan.FromSeconds(30), "video frames and a second of decoded audio with energy in Chromium");
            }
            finally
            {
                output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: {stats}");
            }

            Assert.True(Number(stats, "audio", "packetsReceived") >= 50);
            Assert.Equal("audio/opus", stats.GetProperty("audioCodec").GetString());
            // A quarter-scale sine has an RMS level near 0.18: energy (level² × seconds) well above silence's zero.
            Assert.True(Number(stats, "audio", "totalAudioEnergy") / Number(stats, "audio", "totalSamplesDuration") > 0.005, "the tone, not silence");
            var streams = stats.GetProperty("streams");
            Assert.Equal(streams.GetProperty("video").GetString(), streams.GetProperty("audio").GetString());
            var peer = Assert.Single(s.Server.Services.GetRequiredService<SmartHomeCam.Streaming.WebRtc.WebRtcHost>().PeersOf(id));
            Assert.True(peer.AudioPacketsSent >= 50);
        }
        finally
        {
            aiortc.Peer.Audio = false;
        }
    }

    private static double Number(JsonElement stats, string kind, string name) =>
        stats.GetProperty(kind).TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    /// <summary>Samples the decoder made from packets (received minus concealed: loss concealment is not audio we sent).</summary>
    private static double DecodedSamples(JsonElement stats) =>
        Number(stats, "audio", "totalSamplesReceived") - Number(stats, "audio", "concealedSamples");
}
