using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Nest.Events;

/// <summary>
/// The three Pub/Sub REST calls of a pull subscriber: <c>{subscription}:pull</c>, <c>:acknowledge</c> and
/// <c>:modifyAckDeadline</c> (Google Cloud Pub/Sub v1 REST). No retry here: the pull loop backs off itself. On 401 the
/// token is refreshed once. Failures throw <see cref="SdmApiException"/>.
/// </summary>
public sealed class PubSubClient(IHttpClientFactory httpFactory, PubSubCredential credential, IOptions<SdmOptions> options)
{
    public const string HttpClientName = "nest-pubsub";

    public async Task<IReadOnlyList<PulledMessage>> PullAsync(CancellationToken cancellationToken)
    {
        var o = options.Value.PubSub;
        var body = await SendAsync(":pull", new JsonObject { ["maxMessages"] = Math.Clamp(o.MaxMessages, 1, 1000) }, "Pulling Nest events", cancellationToken).ConfigureAwait(false);
        return ParsePull(body);
    }

    public Task AcknowledgeAsync(IReadOnlyCollection<string> ackIds, CancellationToken cancellationToken) =>
        ackIds.Count == 0 ? Task.CompletedTask
            : SendAsync(":acknowledge", new JsonObject { ["ackIds"] = Ids(ackIds) }, "Acknowledging Nest events", cancellationToken);

    /// <summary>Zero seconds hands the messages back for redelivery at once (a nack).</summary>
    public Task ModifyAckDeadlineAsync(IReadOnlyCollection<string> ackIds, int seconds, CancellationToken cancellationToken) =>
        ackIds.Count == 0 ? Task.CompletedTask
            : SendAsync(":modifyAckDeadline", new JsonObject { ["ackIds"] = Ids(ackIds), ["ackDeadlineSeconds"] = seconds }, "Extending Nest event deadlines", cancellationToken);

    /// <summary>
    /// <c>{"receivedMessages":[{"ackId":…,"message":{"data":…,"messageId":…},"deliveryAttempt":n}]}</c>; an empty pull is
    /// <c>{}</c>. Entries without an ack id are skipped (nothing to acknowledge); a bad message has a null event.
    /// </summary>
    public static IReadOnlyList<PulledMessage> ParsePull(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("receivedMessages", out var received) || received.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var result = new List<PulledMessage>(received.GetArrayLength());
            foreach (var entry in received.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("ackId", out var ack)
                    || ack.ValueKind != JsonValueKind.String || ack.GetString() is not { Length: > 0 } ackId)
                {
                    continue;
                }

                var attempt = entry.TryGetProperty("deliveryAttempt", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetInt32(out var n) ? n : 0;
                var message = entry.TryGetProperty("message", out var m) ? SdmEventParser.ParseMessage(m) : null;
                result.Add(new PulledMessage(ackId, message, attempt));
            }

            return result;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new SdmApiException(HttpStatusCode.BadGateway, "BAD_ANSWER", "Pub/Sub answered a pull with something that is not JSON.", e);
        }
    }

    private async Task<string> SendAsync(string verb, JsonObject body, string what, CancellationToken cancellationToken)
    {
        var o = options.Value.PubSub;
        if (string.IsNullOrWhiteSpace(o.Subscription) || !o.Subscription.StartsWith("projects/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Nest:PubSub:Subscription must be projects/{project}/subscriptions/{name}.");
        }

        var url = new Uri(o.ApiBaseUrl, o.Subscription + verb);
        var text = body.ToJsonString();
        var http = httpFactory.CreateClient(HttpClientName);
        for (var attempt = 0; ; attempt++)
        {
            var token = attempt == 0
                ? await credential.GetTokenAsync(cancellationToken).ConfigureAwait(false)
                : await credential.RefreshAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw SdmHttp.Unreachable(what, e);
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
                {
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw await SdmHttp.ErrorAsync(response, what, cancellationToken).ConfigureAwait(false);
                }

                return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static JsonArray Ids(IEnumerable<string> ackIds) => new(ackIds.Select(id => (JsonNode)id).ToArray());
}
