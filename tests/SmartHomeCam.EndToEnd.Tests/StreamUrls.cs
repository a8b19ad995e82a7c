using System.Text.Json;
using SmartHomeCam.Testing;

namespace SmartHomeCam.EndToEnd.Tests;

public static class StreamUrls
{
    /// <summary>EXECUTE GetCameraStream for a camera (by name) and return the URL Google would hand the receiver.</summary>
    public static async Task<Uri> ExecuteAsync(FulfillmentServer f, string camera = "Demo camera")
    {
        var ids = await f.DeviceIdsAsync();
        var (_, body) = await f.Client.PostAsync(FulfillmentClient.Execute(ids[camera]));
        return new Uri(JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0]
            .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
    }
}
