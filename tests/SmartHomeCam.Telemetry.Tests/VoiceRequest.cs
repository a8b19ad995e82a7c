using System.Text.Json;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Telemetry.Tests;

/// <summary>"Show the demo camera": a real EXECUTE, then the player's fetches of the URL it returned.</summary>
internal static class VoiceRequest
{
    /// <summary>Runs EXECUTE for the demo camera and returns the stream URL (on the server's own origin).</summary>
    public static async Task<Uri> ExecuteAsync(FulfillmentServer server)
    {
        var ids = await server.DeviceIdsAsync();
        var (status, body) = await server.Client.PostAsync(FulfillmentClient.Execute(ids["Demo camera"]));
        Assert.Equal(200, status);
        var url = new Uri(JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0]
            .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
        return new Uri(server.Server.BaseAddress, url.PathAndQuery);
    }

    /// <summary>Fetches the multivariant and media playlists and every listed segment; returns the segment count.</summary>
    public static async Task<int> PlayAsync(HttpClient http, Uri multivariant)
    {
        var master = await http.GetStringAsync(multivariant);
        var mediaName = master.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0 && !l.StartsWith('#'));
        var media = new Uri(multivariant, mediaName);
        var playlist = await http.GetStringAsync(media);
        var segments = playlist.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        foreach (var segment in segments)
        {
            using var response = await http.GetAsync(new Uri(media, segment));
            response.EnsureSuccessStatusCode();
        }

        return segments.Count;
    }
}
