using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>
/// ICE-TCP with an independent client: Chromium gets our answer with every UDP candidate removed (as if the home's UDP
/// port were not forwarded), so only the passive TCP candidates remain; it must connect over TCP (RFC 6544, its
/// tcptype active side), complete DTLS and decode the demo camera's frames.
/// </summary>
public class ChromiumIceTcpTests
{
    // Wraps setRemoteDescription before the display page runs: drops a=candidate lines whose transport is udp.
    private const string DropUdpCandidates = """
        (() => {
          const apply = RTCPeerConnection.prototype.setRemoteDescription;
          RTCPeerConnection.prototype.setRemoteDescription = function (description) {
            const sdp = description.sdp.split('\r\n')
              .filter(l => !(l.startsWith('a=candidate:') && l.split(' ')[2].toLowerCase() === 'udp')).join('\r\n');
            window.appliedAnswer = sdp;
            return apply.call(this, { type: description.type, sdp });
          };
        })();
        """;

    private const string SelectedPair = """
        async () => {
          const stats = await window.viewer.pc.getStats();
          let pairId = null;
          stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId; });
          const pair = pairId ? stats.get(pairId) : null;
          if (!pair) return '';
          const local = stats.get(pair.localCandidateId), remote = stats.get(pair.remoteCandidateId);
          return [local.protocol, remote.protocol, remote.tcpType || '', remote.port].join(' ');
        }
        """;

    [Fact]
    public async Task Chromium_connects_over_ice_tcp_when_the_answer_has_only_tcp_candidates_and_end_frees_the_connection()
    {
        await using var server = await WebRtcServer.StartAsync();
        Assert.NotEqual(0, server.Host.TcpPort);
        var states = await server.ExecuteAsync("Demo camera");
        var deviceId = server.Devices["Demo camera"];
        var token = states.GetProperty("cameraStreamAuthToken").GetString()!;

        var chromium = await ChromiumWebRtcTests.LaunchAsync();
        var browser = chromium.Browser;
        try
        {
            var page = await browser.NewPageAsync();
            await page.AddInitScriptAsync(DropUdpCandidates);
            await page.RouteAsync("https://www.gstatic.com/**", route => route.FulfillAsync(new RouteFulfillOptions { Body = ChromiumWebRtcTests.DisplayPage, ContentType = "text/html" }));
            await page.GotoAsync("https://www.gstatic.com/display.html");
            var answer = await page.EvaluateAsync<string>("([u, t, d]) => window.startViewer(u, t, d)", new[] { states.GetProperty("cameraStreamSignalingUrl").GetString()!, token, deviceId });
            Assert.Contains($" tcp ", answer, StringComparison.Ordinal);
            Assert.Contains($" {server.Host.TcpPort} typ host tcptype passive", answer, StringComparison.Ordinal);
            var applied = await page.EvaluateAsync<string>("() => window.appliedAnswer");
            Assert.DoesNotContain(" udp ", applied, StringComparison.Ordinal);

            try
            {
                await Poll.UntilAsync(async () => await page.EvaluateAsync<int>("() => window.framesDecoded()") >= 25, TimeSpan.FromSeconds(30), "25 frames decoded over ICE-TCP");
            }
            catch (TimeoutException)
            {
                Console.WriteLine(await page.EvaluateAsync<string>("async () => { const r = []; (await window.viewer.pc.getStats()).forEach(s => r.push(JSON.stringify(s))); return window.viewer.pc.connectionState + '\n' + r.join('\n'); }"));
                Console.WriteLine(string.Join('\n', server.Server.Logs.Lines.Where(l => l.Contains("WebRtc", StringComparison.OrdinalIgnoreCase) || l.Contains("TCP", StringComparison.Ordinal))));
                throw;
            }

            Assert.Equal($"tcp tcp passive {server.Host.TcpPort}", await page.EvaluateAsync<string>(SelectedPair));
            Assert.Equal(640, await page.EvaluateAsync<int>("() => window.viewer.video.videoWidth"));
            Assert.True(server.Host.TcpConnections >= 1);

            var (status, _, _) = await server.SignalAsync(token, WebRtcServer.Body("end", deviceId));
            Assert.Equal(200, status);
            await Poll.UntilAsync(() => server.Host.PeerCount == 0 && server.Host.RegisteredMuxPeers == 0 && server.Host.TcpConnections == 0,
                TimeSpan.FromSeconds(10), "the peer closed and its TCP connection freed");
        }
        finally
        {
            await chromium.DisposeAsync();
        }
    }
}
