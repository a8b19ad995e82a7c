using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartHomeCam.NestLegacy.Auth;

namespace SmartHomeCam.NestLegacy.Api;

/// <summary>The camera REST calls of spec §2, with the token in the §1d header (<c>Authorization: Basic &lt;token&gt;</c>, the raw token).</summary>
public sealed class NestCameraApi(IHttpClientFactory httpClients, IOptions<NestLegacyOptions> options)
{
    public Task<NestCameraList> ListAsync(NestToken token, CancellationToken cancellationToken) =>
        GetAsync(token, "api/cameras.get_owned_and_member_of_with_properties", cancellationToken);

    /// <summary>One camera's current item (fresh hosts before streaming), or null when the account no longer has it.</summary>
    public async Task<NestCameraItem?> FindAsync(NestToken token, string uuid, CancellationToken cancellationToken)
    {
        var list = await GetAsync(token, "api/cameras.get_with_properties?uuid=" + Uri.EscapeDataString(uuid), cancellationToken).ConfigureAwait(false);
        return list.Items.FirstOrDefault(i => i.Uuid == uuid);
    }

    private async Task<NestCameraList> GetAsync(NestToken token, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(o.CameraApiBaseUrl, path));
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + token.Value);
        request.Headers.TryAddWithoutValidation("User-Agent", o.UserAgent);
        request.Headers.TryAddWithoutValidation("Referer", o.Referer);
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(NestAuthenticator.HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            throw new NestApiException($"Cannot reach the Nest camera service ({e.GetType().Name}).", e);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new NestApiException("The Nest camera service refused the token.") { Unauthorized = true };
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new NestApiException($"The Nest camera service answered HTTP {(int)response.StatusCode}.");
            }

            NestCameraList? list;
            try
            {
                list = await response.Content.ReadFromJsonAsync<NestCameraList>(cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new NestApiException("The Nest camera service answered with something that is not its camera list: has its API changed?", e);
            }

            if (list is null || list.Status != 0)
            {
                throw new NestApiException($"The Nest camera service refused the request (status {list?.Status}: {list?.StatusDetail}).");
            }

            return list;
        }
    }
}
