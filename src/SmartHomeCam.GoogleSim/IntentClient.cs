using System.Net.Http.Headers;
using System.Text;

namespace SmartHomeCam.GoogleSim;

/// <summary>Google's calls to <c>POST /fulfillment</c>: an intent body with a linked account's bearer token.</summary>
public sealed class IntentClient : IDisposable
{
    public const string FulfillmentPath = "/fulfillment";

    private readonly HttpClient http;
    private readonly bool ownsClient;

    /// <summary>Uses the caller's client (its BaseAddress is the deployment).</summary>
    public IntentClient(HttpClient http, string accessToken)
    {
        this.http = http ?? throw new ArgumentNullException(nameof(http));
        AccessToken = accessToken;
    }

    /// <summary>Creates (and disposes) its own backend client for <paramref name="baseUrl"/>.</summary>
    public IntentClient(Uri baseUrl, string accessToken)
        : this(GoogleHttp.Backend(baseUrl), accessToken) => ownsClient = true;

    /// <summary>The token sent when a call names none; Google swaps in a refreshed one after a 401.</summary>
    public string AccessToken { get; set; }

    /// <summary>Posts <paramref name="body"/> as is (malformed bodies included) and returns the status and body.</summary>
    public async Task<(int Status, string Body)> PostAsync(string body, string? token = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(FulfillmentPath, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AccessToken);
        request.Content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    public void Dispose()
    {
        if (ownsClient)
        {
            http.Dispose();
        }
    }
}
