using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Fakes.GoogleAuth;

namespace SmartHomeCam.Fakes.Nest;

/// <summary>
/// Cloud Pub/Sub's REST pull API for one subscription on loopback, with Google's token endpoint for the operator's
/// service account (the emulator needs gcloud and Java, which this machine cannot install). It holds published
/// messages, leases each pulled one for <see cref="AckDeadline"/> and redelivers it when the lease lapses un-acked
/// (at-least-once), honours <c>:acknowledge</c> only for a message's current ack id and <c>:modifyAckDeadline</c>
/// (0 = hand back), holds an empty pull open for <see cref="PullWait"/>, and injects faults: failing pulls,
/// acknowledges that hang (the subscriber dies before its ack lands), and shuffled batches.
/// </summary>
public sealed class FakePubSubServer : IAsyncDisposable
{
    public const string ClientEmail = "sdm-events@fake-cloud.iam.gserviceaccount.com";
    public const string Subscription = "projects/fake-cloud/subscriptions/sdm-events";
    public const string Scope = "https://www.googleapis.com/auth/pubsub";

    private readonly RSA key = RSA.Create(2048);
    private readonly WebApplication app;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private readonly List<Held> messages = [];
    private readonly ConcurrentDictionary<string, DateTimeOffset> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<int> pullFaults = new();
    private readonly Random shuffle = new(20261130);
    private int pulls;
    private int failedPulls;
    private int acknowledged;
    private int tokensIssued;

    private FakePubSubServer(WebApplication app, TimeProvider clock)
    {
        this.app = app;
        this.clock = clock;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How long a pulled message is leased before it is delivered again.</summary>
    public TimeSpan AckDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a pull with nothing to deliver is held open before it answers <c>{}</c>.</summary>
    public TimeSpan PullWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>While true, acknowledge requests hang (and are lost if the subscriber goes away meanwhile).</summary>
    public bool HoldAcks { get; set; }

    private int holdEpoch;

    /// <summary>Deliver each pull's messages in random (seeded) order.</summary>
    public bool Shuffle { get; set; }

    /// <summary>At most this many messages per pull (0: as many as asked), to spread a burst over several pulls.</summary>
    public int MessagesPerPull { get; set; }

    public int Pulls => Volatile.Read(ref pulls);

    public int FailedPulls => Volatile.Read(ref failedPulls);

    public int Acknowledged => Volatile.Read(ref acknowledged);

    public int TokensIssued => Volatile.Read(ref tokensIssued);

    public List<string> RefusedAssertions { get; } = [];

    /// <summary>Messages not acknowledged yet.</summary>
    public int Outstanding
    {
        get
        {
            lock (gate)
            {
                return messages.Count(m => !m.Acked);
            }
        }
    }

    /// <summary>The operator's service account key for this fake (its token_uri points here).</summary>
    public string ServiceAccountKeyJson => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = "fake-cloud",
        ["private_key_id"] = "fake-pubsub-key-1",
        ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "987654321",
        ["token_uri"] = new Uri(BaseAddress, "token").ToString(),
    }.ToJsonString();

    public static async Task<FakePubSubServer> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakePubSubServer(app, clock ?? TimeProvider.System);
        app.MapPost("/token", fake.TokenAsync);
        app.MapPost("/v1/projects/{project}/subscriptions/{verb}", fake.SubscriptionAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Configuration keys that make the server pull from this fake.</summary>
    public IDictionary<string, string?> ServerSettings() => new Dictionary<string, string?>
    {
        ["Nest:PubSub:Mode"] = "pull",
        ["Nest:PubSub:Subscription"] = Subscription,
        ["Nest:PubSub:ServiceAccountKeyJson"] = ServiceAccountKeyJson,
        ["Nest:PubSub:ApiBaseUrl"] = new Uri(BaseAddress, "v1/").ToString(),
        ["Nest:PubSub:PullTimeout"] = "00:00:10",
        ["Nest:PubSub:Backoff"] = "00:00:00.100",
        ["Nest:PubSub:MaxBackoff"] = "00:00:01",
    };

    /// <summary>Publishes an SDM event payload; returns its message id.</summary>
    public string Publish(JsonObject payload) => PublishData(Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString())));

    /// <summary>Publishes raw <c>data</c> (already base64, or deliberately not).</summary>
    public string PublishData(string data)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        lock (gate)
        {
            messages.Add(new Held(id, data, clock.GetUtcNow()));
        }

        return id;
    }

    /// <summary>The next <paramref name="count"/> pulls answer <paramref name="status"/>.</summary>
    public void FailNextPulls(int count, int status = 500)
    {
        for (var i = 0; i < count; i++)
        {
            pullFaults.Enqueue(status);
        }
    }

    /// <summary>How many times a message was handed to a subscriber.</summary>
    public int Deliveries(string messageId)
    {
        lock (gate)
        {
            return messages.Single(m => m.Id == messageId).Deliveries;
        }
    }

    public bool IsAcknowledged(string messageId)
    {
        lock (gate)
        {
            return messages.Single(m => m.Id == messageId).Acked;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync().ConfigureAwait(false);
        key.Dispose();
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            await WriteAsync(context, 400, new JsonObject { ["error"] = "unsupported_grant_type" }).ConfigureAwait(false);
            return;
        }

        var problem = ServiceAccountAssertion.Verify(form["assertion"].ToString(), key, ClientEmail, Scope, clock.GetUtcNow());
        if (problem is not null)
        {
            lock (gate)
            {
                RefusedAssertions.Add(problem);
            }

            await WriteAsync(context, 400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = problem }).ConfigureAwait(false);
            return;
        }

        var token = "ya29.pubsub-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        tokens[token] = clock.GetUtcNow().AddHours(1);
        Interlocked.Increment(ref tokensIssued);
        await WriteAsync(context, 200, new JsonObject { ["access_token"] = token, ["expires_in"] = 3600, ["token_type"] = "Bearer" }).ConfigureAwait(false);
    }

    private async Task SubscriptionAsync(HttpContext context, string project, string verb)
    {
        var bearer = context.Request.Headers.Authorization.ToString();
        if (!bearer.StartsWith("Bearer ", StringComparison.Ordinal) || !tokens.TryGetValue(bearer[7..], out var expires) || expires <= clock.GetUtcNow())
        {
            await Error(context, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.").ConfigureAwait(false);
            return;
        }

        var colon = verb.LastIndexOf(':');
        if (colon < 0 || $"projects/{project}/subscriptions/{verb[..colon]}" != Subscription)
        {
            await Error(context, 404, "NOT_FOUND", "Resource not found (resource=" + verb + ").").ConfigureAwait(false);
            return;
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await Error(context, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.").ConfigureAwait(false);
            return;
        }

        switch (verb[(colon + 1)..])
        {
            case "pull":
                await PullAsync(context, body?["maxMessages"]?.GetValue<int>() ?? 0).ConfigureAwait(false);
                return;
            case "acknowledge":
                await AcknowledgeAsync(context, AckIds(body)).ConfigureAwait(false);
                return;
            case "modifyAckDeadline":
                var seconds = body?["ackDeadlineSeconds"]?.GetValue<int>() ?? -1;
                if (seconds is < 0 or > 600)
                {
                    await Error(context, 400, "INVALID_ARGUMENT", "ackDeadlineSeconds must be 0–600.").ConfigureAwait(false);
                    return;
                }

                Lease(AckIds(body), TimeSpan.FromSeconds(seconds));
                await WriteAsync(context, 200, []).ConfigureAwait(false);
                return;
            default:
                await Error(context, 404, "NOT_FOUND", "Unknown method.").ConfigureAwait(false);
                return;
        }
    }

    private async Task PullAsync(HttpContext context, int max)
    {
        Interlocked.Increment(ref pulls);
        if (max <= 0)
        {
            await Error(context, 400, "INVALID_ARGUMENT", "maxMessages must be positive.").ConfigureAwait(false);
            return;
        }

        if (pullFaults.TryDequeue(out var status))
        {
            Interlocked.Increment(ref failedPulls);
            await Error(context, status, status == 503 ? "UNAVAILABLE" : "INTERNAL", "Injected fault.").ConfigureAwait(false);
            return;
        }

        var until = DateTime.UtcNow + PullWait;
        while (true)
        {
            var batch = Take(MessagesPerPull > 0 ? Math.Min(max, MessagesPerPull) : max);
            if (batch.Count > 0 || DateTime.UtcNow >= until || context.RequestAborted.IsCancellationRequested)
            {
                await WriteAsync(context, 200, batch.Count == 0 ? [] : new JsonObject { ["receivedMessages"] = new JsonArray(batch.ToArray()) }).ConfigureAwait(false);
                return;
            }

            try
            {
                await Task.Delay(50, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private List<JsonNode> Take(int max)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var due = messages.Where(m => !m.Acked && (m.AckId is null || m.Deadline <= now)).Take(max).ToList();
            if (Shuffle)
            {
                due = due.OrderBy(_ => shuffle.Next()).ToList();
            }

            return due.Select(m =>
            {
                m.AckId = m.Id + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
                m.Deadline = now + AckDeadline;
                m.Deliveries++;
                return (JsonNode)new JsonObject
                {
                    ["ackId"] = m.AckId,
                    ["message"] = new JsonObject
                    {
                        ["data"] = m.Data,
                        ["messageId"] = m.Id,
                        ["publishTime"] = m.Published.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    },
                    ["deliveryAttempt"] = m.Deliveries,
                };
            }).ToList();
        }
    }

    /// <summary>
    /// Held acks never land (the subscriber "crashed" with them in flight); without this one could still land when
    /// <see cref="HoldAcks"/> is lifted, if the server's abort of that request had not reached us yet.
    /// </summary>
    public void DropHeldAcks() => Interlocked.Increment(ref holdEpoch);

    private async Task AcknowledgeAsync(HttpContext context, IReadOnlyList<string> ackIds)
    {
        var epoch = Volatile.Read(ref holdEpoch);
        while (HoldAcks)
        {
            try
            {
                await Task.Delay(50, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // the subscriber went away: its ack never landed
            }
        }

        if (epoch != Volatile.Read(ref holdEpoch))
        {
            context.Abort(); // dropped while held
            return;
        }

        lock (gate)
        {
            foreach (var m in messages.Where(m => !m.Acked && m.AckId is not null && ackIds.Contains(m.AckId)))
            {
                m.Acked = true;
                acknowledged++;
            }
        }

        await WriteAsync(context, 200, []).ConfigureAwait(false);
    }

    private void Lease(IReadOnlyList<string> ackIds, TimeSpan extension)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            foreach (var m in messages.Where(m => !m.Acked && m.AckId is not null && ackIds.Contains(m.AckId)))
            {
                m.Deadline = now + extension;
            }
        }
    }

    private static List<string> AckIds(JsonNode? body) =>
        body?["ackIds"] is JsonArray ids ? ids.Select(i => i?.GetValue<string>()).OfType<string>().ToList() : [];

    private static Task Error(HttpContext context, int code, string status, string message) =>
        WriteAsync(context, code, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status } });

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
    }

    private sealed class Held(string id, string data, DateTimeOffset published)
    {
        public string Id { get; } = id;

        public string Data { get; } = data;

        public DateTimeOffset Published { get; } = published;

        public string? AckId { get; set; }

        public DateTimeOffset Deadline { get; set; }

        public int Deliveries { get; set; }

        public bool Acked { get; set; }
    }
}
