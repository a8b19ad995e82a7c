using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Streaming.Tokens;
using SmartHomeCam.Testing;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>The signaling endpoint over real HTTP: protocol errors for every bad request, never a 500, no leaked peers.</summary>
public class SignalingTests
{
    [Fact]
    public async Task Sync_advertises_webrtc_first_and_execute_picks_by_surface()
    {
        await using var server = await WebRtcServer.StartAsync(new Dictionary<string, string?>
        {
            ["WebRtc:IceServers:0:Urls:0"] = "stun:stun.example.com:3478",
        });
        var (_, body) = await server.Google.PostAsync(FulfillmentClient.Sync());
        using var sync = JsonDocument.Parse(body);
        foreach (var device in sync.RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray())
        {
            Assert.Equal(["webrtc", "hls"], device.GetProperty("attributes").GetProperty("cameraStreamSupportedProtocols").EnumerateArray().Select(p => p.GetString()));
        }

        var display = await server.ExecuteAsync("Demo camera");
        Assert.Equal("webrtc", display.GetProperty("cameraStreamProtocol").GetString());
        Assert.EndsWith("/webrtc/signal", display.GetProperty("cameraStreamSignalingUrl").GetString(), StringComparison.Ordinal);
        var ice = display.GetProperty("cameraStreamIceServers").GetString()!;
        Assert.Equal("stun:stun.example.com:3478", JsonDocument.Parse(ice).RootElement[0].GetProperty("urls")[0].GetString());

        var chromecast = await server.ExecuteAsync("Demo camera", "[\"hls\"]");
        Assert.Equal("hls", chromecast.GetProperty("cameraStreamProtocol").GetString());
        Assert.True(chromecast.TryGetProperty("cameraStreamAccessUrl", out _));
    }

    [Fact]
    public async Task Without_ice_servers_the_field_is_omitted_and_with_webrtc_off_sync_is_hls_only()
    {
        await using (var server = await WebRtcServer.StartAsync())
        {
            var display = await server.ExecuteAsync("Demo camera");
            Assert.False(display.TryGetProperty("cameraStreamIceServers", out _));
        }

        await using var off = await WebRtcServer.StartAsync(new Dictionary<string, string?> { ["WebRtc:Enabled"] = "auto" });
        var (_, body) = await off.Google.PostAsync(FulfillmentClient.Sync());
        using var sync = JsonDocument.Parse(body);
        Assert.All(sync.RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray(),
            d => Assert.Equal(["hls"], d.GetProperty("attributes").GetProperty("cameraStreamSupportedProtocols").EnumerateArray().Select(p => p.GetString())));
        Assert.Equal("hls", (await off.ExecuteAsync("Demo camera")).GetProperty("cameraStreamProtocol").GetString());
    }

    [Fact]
    public async Task Preflight_from_gstatic_is_answered_with_cors()
    {
        await using var server = await WebRtcServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/webrtc/signal");
        request.Headers.Add("Origin", "https://www.gstatic.com");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var response = await server.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("https://www.gstatic.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("Authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    [Fact]
    public async Task Bad_tokens_and_bad_offers_get_protocol_errors_and_leave_no_peer()
    {
        await using var server = await WebRtcServer.StartAsync();
        var demo = server.Devices["Demo camera"];
        var porch = server.Devices["Demo porch camera"];
        var token = (await server.ExecuteAsync("Demo camera")).GetProperty("cameraStreamAuthToken").GetString()!;
        var porchToken = (await server.ExecuteAsync("Demo porch camera")).GetProperty("cameraStreamAuthToken").GetString()!;
        var offer = WebRtcServer.Body("offer", demo, Offers.Chromium());

        Assert.Equal(401, (await server.SignalAsync(null, offer)).Status);
        Assert.Equal(401, (await server.SignalAsync("not-a-token", offer)).Status);
        Assert.Equal(401, (await server.SignalAsync(token[..^2] + (token[^2] == 'A' ? "BB" : "AA"), offer)).Status);
        Assert.Equal(403, (await server.SignalAsync(porchToken, offer)).Status); // a token of another camera

        // Expired: minted by the server's own service, already past its lifetime.
        var tokens = server.Server.Services.GetRequiredService<StreamTokenService>();
        var codec = server.Server.Services.GetRequiredService<StreamKeyRing>().Codec;
        var claims = tokens.Validate(token)!;
        var expired = codec.Encode(demo, claims.UserId, DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddSeconds(-1));
        Assert.Equal(401, (await server.SignalAsync(expired, offer)).Status);

        var malformed = await server.SignalAsync(token, WebRtcServer.Body("offer", demo, "this is not sdp"));
        Assert.Equal(400, malformed.Status);
        Assert.Equal("invalid_offer", JsonDocument.Parse(malformed.Body).RootElement.GetProperty("error").GetString());
        var noH264 = await server.SignalAsync(token, WebRtcServer.Body("offer", demo, Offers.Chromium().Replace("H264/90000", "H265/90000", StringComparison.Ordinal)));
        Assert.Equal(400, noH264.Status);
        Assert.Contains("H.264", noH264.Body, StringComparison.Ordinal);
        var trickle = await server.SignalAsync(token, WebRtcServer.Body("offer", demo, Offers.Chromium(withCandidates: false)));
        Assert.Equal(400, trickle.Status);
        Assert.Contains("trickle", trickle.Body, StringComparison.Ordinal);
        Assert.Equal((200, "{}"), ((await server.SignalAsync(token, WebRtcServer.Body("answer", demo, "v=0"))).Status, (await server.SignalAsync(token, WebRtcServer.Body("answer", demo, "v=0"))).Body));
        Assert.Equal(400, (await server.SignalAsync(token, WebRtcServer.Body("dance", demo))).Status);
        Assert.Equal(0, server.Host.PeerCount);

        // Google's documented header spelling works too, and a well-formed offer gets an answer (and a peer).
        var answered = await server.SignalAsync(token, offer, header: "Authentication");
        Assert.Equal(200, answered.Status);
        Assert.Equal("answer", JsonDocument.Parse(answered.Body).RootElement.GetProperty("action").GetString());
        Assert.Equal(1, server.Host.PeerCount);
        Assert.Equal((200, "{}"), ((await server.SignalAsync(token, WebRtcServer.Body("end", demo))).Status, "{}"));
        await Poll.UntilAsync(() => server.Host.PeerCount == 0, TimeSpan.FromSeconds(5), "end closed the peer");

        // Revoked: after DISCONNECT the token is refused.
        await server.Google.PostAsync(FulfillmentClient.Disconnect());
        await Poll.UntilAsync(async () => (await server.SignalAsync(token, offer)).Status == 401, TimeSpan.FromSeconds(10), "the token revoked");
    }

    [Fact]
    public async Task A_thousand_random_bodies_get_4xx_never_500_and_leak_no_peer()
    {
        await using var server = await WebRtcServer.StartAsync();
        var demo = server.Devices["Demo camera"];
        var token = (await server.ExecuteAsync("Demo camera")).GetProperty("cameraStreamAuthToken").GetString()!;
        var random = new Random(1017);
        var good = Offers.Chromium();
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < 1000; i++)
        {
            string body = (i % 4) switch
            {
                0 => RandomText(random, random.Next(0, 400)),
                1 => WebRtcServer.Body(random.Next(3) switch { 0 => "offer", 1 => "end", _ => RandomText(random, 5) }, random.Next(4) == 0 ? "x" : demo, RandomText(random, random.Next(0, 300))),
                2 => WebRtcServer.Body("offer", demo, Mutate(random, good)),
                _ => "{\"action\":" + RandomText(random, 10) + ",\"deviceId\":[1,2],\"sdp\":{}}",
            };
            var (status, _, _) = await server.SignalAsync(token, body);
            Assert.True(status is 200 or (>= 400 and < 500), $"status {status} for body #{i}");
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }

        Assert.True(statuses.GetValueOrDefault(400) > 100, string.Join(", ", statuses));
        foreach (var peer in server.Host.PeersOf(demo))
        {
            peer.Close("test cleanup");
        }

        await Poll.UntilAsync(() => server.Host.PeerCount == 0 && server.Host.RegisteredMuxPeers == 0, TimeSpan.FromSeconds(10), "no peer left");
    }

    [Fact]
    public async Task Per_account_cap_refuses_with_a_clear_error_and_unconnected_peers_time_out()
    {
        await using var server = await WebRtcServer.StartAsync(new Dictionary<string, string?>
        {
            ["WebRtc:MaxPeersPerAccount"] = "2",
            ["WebRtc:ConnectTimeout"] = "00:00:03",
        });
        var demo = server.Devices["Demo camera"];
        var token = (await server.ExecuteAsync("Demo camera")).GetProperty("cameraStreamAuthToken").GetString()!;
        var offer = WebRtcServer.Body("offer", demo, Offers.Chromium());
        Assert.Equal(200, (await server.SignalAsync(token, offer)).Status);
        Assert.Equal(200, (await server.SignalAsync(token, offer)).Status);
        var refused = await server.SignalAsync(token, offer);
        Assert.Equal(429, refused.Status);
        Assert.Equal("too_many_peers", JsonDocument.Parse(refused.Body).RootElement.GetProperty("error").GetString());

        // Nobody ever connects to these two (the offer's candidate is fictitious): ICE fails, the peers go.
        await Poll.UntilAsync(() => server.Host.PeerCount == 0 && server.Host.RegisteredMuxPeers == 0, TimeSpan.FromSeconds(15), "unconnected peers closed");
        Assert.Contains("ICE did not connect in time", server.Server.Logs.AllText, StringComparison.Ordinal);
    }

    private static string RandomText(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(1, 0x80);
        }

        return new string(chars);
    }

    private static string Mutate(Random random, string text)
    {
        var a = random.Next(text.Length);
        var b = Math.Min(text.Length, a + random.Next(0, 200));
        return text[..a] + RandomText(random, random.Next(0, 20)) + text[b..];
    }
}
