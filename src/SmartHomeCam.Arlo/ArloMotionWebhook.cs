using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Arlo;

/// <summary>
/// The seed project's optional motion webhook (spec §4): a JSON POST per motion alert with the camera's address,
/// serial and triggering zones; 5 s timeout, fire and forget, failures logged.
/// </summary>
public sealed class ArloMotionWebhook(IOptions<ArloOptions> options, IHttpClientFactory http, ILogger<ArloMotionWebhook> logger)
{
    public const string HttpClientName = "arlo-webhook";

    /// <summary>The last delivery (tests wait on it); completed when no webhook is configured.</summary>
    public Task LastDelivery { get; private set; } = Task.CompletedTask;

    public void Post(string serial, string ip, JsonArray? zones, DateTimeOffset at)
    {
        if (options.Value.MotionWebhookUrl is not { } url)
        {
            return;
        }

        var body = new JsonObject
        {
            ["ip"] = ip,
            ["serial_number"] = serial,
            ["zone"] = zones?.DeepClone() ?? new JsonArray(),
            ["file_name"] = "",
            ["time"] = at.ToUnixTimeMilliseconds() / 1000.0,
        };
        LastDelivery = SendAsync(url, body);
    }

    private async Task SendAsync(Uri url, JsonObject body)
    {
        try
        {
            using var client = http.CreateClient(HttpClientName);
            client.Timeout = TimeSpan.FromSeconds(5);
            using var response = await client.PostAsJsonAsync(url, body).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Arlo motion webhook answered {Status}", (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Arlo motion webhook failed: {Error}", ex.Message);
        }
    }
}
