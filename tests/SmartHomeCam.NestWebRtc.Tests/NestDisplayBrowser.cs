using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>
/// Chromium playing a Nest Hub display: a page served as https://www.gstatic.com (Playwright routing) makes a recvonly
/// audio+video offer, posts it to the signaling URL from EXECUTE (CORS preflight included), applies the answer and
/// plays both tracks in one unmuted video element, whose WebRTC stats the test reads.
/// </summary>
internal sealed class NestDisplayBrowser : IAsyncDisposable
{
    private const string Page = """
        <!doctype html><html><body><script>
        window.startViewer = async (url, token, deviceId) => {
          const pc = new RTCPeerConnection();
          pc.addTransceiver('audio', { direction: 'recvonly' });
          pc.addTransceiver('video', { direction: 'recvonly' });
          const video = document.createElement('video');
          video.autoplay = true; video.playsInline = true; video.muted = false;
          document.body.appendChild(video);
          const streams = {};
          pc.ontrack = e => {
            streams[e.track.kind] = e.streams.length ? e.streams[0].id : null;
            if (e.streams.length && video.srcObject !== e.streams[0]) { video.srcObject = e.streams[0]; video.play().catch(() => {}); }
          };
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(resolve => {
            if (pc.iceGatheringState === 'complete') return resolve();
            pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
            setTimeout(resolve, 5000);
          });
          const response = await fetch(url, {
            method: 'POST', mode: 'cors',
            headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' },
            body: JSON.stringify({ action: 'offer', deviceId, sdp: pc.localDescription.sdp }) });
          const body = await response.json();
          if (!response.ok) throw new Error('signaling ' + response.status + ' ' + JSON.stringify(body));
          await pc.setRemoteDescription({ type: 'answer', sdp: body.sdp });
          window.viewer = { pc, video, streams };
          return body.sdp;
        };
        window.inbound = async () => {
          const out = { video: {}, audio: {}, streams: window.viewer.streams, state: window.viewer.pc.connectionState };
          const all = await window.viewer.pc.getStats();
          all.forEach(s => { if (s.type === 'inbound-rtp') out[s.kind] = s; });
          const codec = out.audio.codecId ? all.get(out.audio.codecId) : null;
          out.audioCodec = codec ? codec.mimeType : null;
          return JSON.stringify(out);
        };
        </script></body></html>
        """;

    private readonly HeadlessChromium chromium;

    private NestDisplayBrowser(HeadlessChromium chromium, IPage page)
    {
        this.chromium = chromium;
        Tab = page;
    }

    public IPage Tab { get; }

    public static async Task<NestDisplayBrowser> StartAsync()
    {
        var chromium = await HeadlessChromium.LaunchAsync(HeadlessChromium.PublicOriginMayCallLoopback);
        var page = await chromium.NewPageAsync();
        await page.RouteAsync("https://www.gstatic.com/**", route => route.FulfillAsync(new RouteFulfillOptions { Body = Page, ContentType = "text/html" }));
        await page.GotoAsync("https://www.gstatic.com/display.html");
        return new NestDisplayBrowser(chromium, page);
    }

    /// <summary>Offer → signaling URL → answer applied; returns the answer SDP.</summary>
    public Task<string> StartViewerAsync(string signalingUrl, string token, string deviceId) =>
        Tab.EvaluateAsync<string>("([u, t, d]) => window.startViewer(u, t, d)", new[] { signalingUrl, token, deviceId });

    /// <summary>The inbound-rtp stats of both kinds, the stream id each track arrived in, and the connection state (JSON).</summary>
    public Task<string> InboundAsync() => Tab.EvaluateAsync<string>("() => window.inbound()");

    public async ValueTask DisposeAsync()
    {
        await chromium.DisposeAsync();
    }
}
