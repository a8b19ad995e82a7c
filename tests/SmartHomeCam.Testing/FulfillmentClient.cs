using System.Net.Http.Headers;
using System.Text;

namespace SmartHomeCam.Testing;

/// <summary>Google's side of /fulfillment: a linked account's bearer token and intent posts.</summary>
public sealed class FulfillmentClient(ServerInstance server, string accessToken) : IDisposable
{
    private readonly HttpClient http = server.CreateClient();

    public string AccessToken { get; } = accessToken;

    public static async Task<FulfillmentClient> LinkAsync(ServerInstance server, string email)
    {
        using var flow = new LinkingFlow(server);
        var (access, _) = await flow.LinkAsync(email).ConfigureAwait(false);
        return new FulfillmentClient(server, access);
    }

    public async Task<(int Status, string Body)> PostAsync(string body, string? token = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/fulfillment", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AccessToken);
        request.Content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    public static string Sync(string requestId = "req-sync") =>
        $$"""{"requestId":"{{requestId}}","inputs":[{"intent":"action.devices.SYNC"}]}""";

    public static string Query(params string[] ids) =>
        $$$"""{"requestId":"req-query","inputs":[{"intent":"action.devices.QUERY","payload":{"devices":[{{{string.Join(',', ids.Select(i => $$"""{"id":"{{i}}"}"""))}}}]}}]}""";

    public static string Execute(string id, string protocols = "[\"hls\"]", string command = "action.devices.commands.GetCameraStream", string requestId = "req-exec") =>
        $$$"""{"requestId":"{{{requestId}}}","inputs":[{"intent":"action.devices.EXECUTE","payload":{"commands":[{"devices":[{"id":"{{{id}}}"}],"execution":[{"command":"{{{command}}}","params":{"StreamToChromecast":true,"SupportedStreamProtocols":{{{protocols}}}}}]}]}}]}""";

    public static string Disconnect() => """{"requestId":"req-disc","inputs":[{"intent":"action.devices.DISCONNECT"}]}""";

    public void Dispose() => http.Dispose();
}
