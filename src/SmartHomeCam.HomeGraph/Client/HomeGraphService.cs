using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.HomeGraph.Client;

/// <summary>
/// A small typed HomeGraph client shaped like Google.Apis.HomeGraphService.v1 (not served here), so swapping it in
/// later is a rename: <c>service.Devices.ReportStateAndNotification(body).ExecuteAsync()</c>,
/// <c>service.AgentUsers.Delete("agentUsers/" + id)</c>. HTTP goes through the named client
/// <see cref="HttpClientName"/>, which carries the resilience pipeline (429/5xx retried, 400 not).
/// </summary>
public sealed class HomeGraphService
{
    public const string HttpClientName = "homegraph";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IHttpClientFactory httpClients;
    private readonly HomeGraphCredential credential;
    private readonly IOptions<HomeGraphOptions> options;

    public HomeGraphService(IHttpClientFactory httpClients, HomeGraphCredential credential, IOptions<HomeGraphOptions> options)
    {
        this.httpClients = httpClients;
        this.credential = credential;
        this.options = options;
        Devices = new DevicesResource(this);
        AgentUsers = new AgentUsersResource(this);
    }

    public DevicesResource Devices { get; }

    public AgentUsersResource AgentUsers { get; }

    internal async Task<TResponse> SendAsync<TResponse>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
        where TResponse : new()
    {
        var http = httpClients.CreateClient(HttpClientName);
        var url = new Uri(options.Value.BaseUrl, path);
        var token = await credential.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            }

            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                // Spec §5: the service-account token expired or was revoked: refresh once and retry.
                token = await credential.RefreshAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                return string.IsNullOrWhiteSpace(text) ? new TResponse() : JsonSerializer.Deserialize<TResponse>(text, Json) ?? new TResponse();
            }

            throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Google's error shape: <c>{"error":{"code":404,"message":"…","status":"NOT_FOUND"}}</c>.</summary>
    private static async Task<HomeGraphApiException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? status = null;
        var message = text.Length > 300 ? text[..300] : text;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                status = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? message : message;
            }
        }
        catch (JsonException)
        {
            // Not Google's shape (a proxy's page): keep the text.
        }

        return new HomeGraphApiException(response.StatusCode, status, message);
    }
}
