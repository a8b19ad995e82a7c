using System.Collections.Concurrent;
using System.Security.Cryptography;
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

namespace SmartHomeCam.Fakes.HomeGraph;

/// <summary>
/// Google's token endpoint and HomeGraph REST API on a loopback port, with state: verifies the service-account
/// assertion (against the RSA key it generated and hands out as <see cref="ServiceAccountKeyJson"/>), bearer tokens
/// and request shapes (spec §5), keeps reported state per agent user and device, records every call, and answers
/// injected faults. <c>GET /fake/agentUsers/{id}</c> shows an agent user's state and calls as JSON for
/// out-of-process checkers (google-sim's offline Test Suite).
/// </summary>
public sealed class FakeHomeGraph : IAsyncDisposable
{
    public const string ClientEmail = "homegraph-reporter@test-project.iam.gserviceaccount.com";

    /// <summary>The scope HomeGraph tokens must carry (spec §5).</summary>
    public const string HomeGraphScope = "https://www.googleapis.com/auth/homegraph";

    private readonly RSA key = RSA.Create(2048);
    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly List<RecordedCall> calls = [];
    private readonly Dictionary<string, Dictionary<string, JsonObject>> states = new(StringComparer.Ordinal);
    private readonly HashSet<string> unknownAgents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<InjectedFault> faults = new();

    private FakeHomeGraph(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public string TokenUrl => new Uri(BaseAddress, "token").ToString();

    /// <summary>A service-account key file's content for this fake (its token_uri points here).</summary>
    public string ServiceAccountKeyJson => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = "test-project",
        ["private_key_id"] = "fake-key-1",
        ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "1234567890",
        ["token_uri"] = TokenUrl,
    }.ToJsonString();

    /// <summary>Lifetime of issued access tokens.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>While true every HomeGraph call answers 503 (an outage).</summary>
    public bool Down { get; set; }

    /// <summary>Extra latency of each HomeGraph call.</summary>
    public TimeSpan Latency { get; set; }

    public int TokensIssued { get; private set; }

    /// <summary>Token requests refused (bad assertion); a test expects none.</summary>
    public List<string> RefusedAssertions { get; } = [];

    public static async Task<FakeHomeGraph> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeHomeGraph(app);
        fake.Map();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>The next HomeGraph call(s) answer these, in order.</summary>
    public void Inject(params InjectedFault[] injected)
    {
        foreach (var fault in injected)
        {
            faults.Enqueue(fault);
        }
    }

    /// <summary>Google forgets the agent user (404 from now on) until <see cref="Link"/>.</summary>
    public void Unlink(string agentUserId)
    {
        lock (gate)
        {
            unknownAgents.Add(agentUserId);
            states.Remove(agentUserId);
        }
    }

    public void Link(string agentUserId)
    {
        lock (gate)
        {
            unknownAgents.Remove(agentUserId);
        }
    }

    /// <summary>Every access token issued so far stops working (HomeGraph answers 401).</summary>
    public void ExpireTokens() => tokens.Clear();

    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    /// <summary>Successful calls of one method (optionally for one agent user).</summary>
    public IReadOnlyList<RecordedCall> Succeeded(string method, string? agentUserId = null) =>
        [.. Calls.Where(c => c.Method == method && c.Status == 200 && (agentUserId is null || c.AgentUserId == agentUserId))];

    /// <summary>The state HomeGraph holds for a device, or null.</summary>
    public JsonObject? StateOf(string agentUserId, string deviceId)
    {
        lock (gate)
        {
            return states.TryGetValue(agentUserId, out var devices) && devices.TryGetValue(deviceId, out var state) ? (JsonObject)state.DeepClone() : null;
        }
    }

    public void ClearCalls()
    {
        lock (gate)
        {
            calls.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        key.Dispose();
    }

    private void Map()
    {
        app.MapPost("/token", TokenAsync);
        app.MapPost("/v1/devices:reportStateAndNotification", ctx => HandleAsync(ctx, HomeGraphMethods.ReportState, ReportState));
        app.MapPost("/v1/devices:requestSync", ctx => HandleAsync(ctx, HomeGraphMethods.RequestSync, RequestSync));
        app.MapPost("/v1/devices:query", ctx => HandleAsync(ctx, HomeGraphMethods.Query, Query));
        app.MapPost("/v1/devices:sync", ctx => HandleAsync(ctx, HomeGraphMethods.Sync, Sync));
        app.MapDelete("/v1/agentUsers/{id}", ctx => HandleAsync(ctx, HomeGraphMethods.DeleteAgentUser, DeleteAgentUser));
        app.MapGet("/fake/agentUsers/{id}", Inspect);
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            await WriteAsync(context, 400, new JsonObject { ["error"] = "unsupported_grant_type" }).ConfigureAwait(false);
            return;
        }

        var problem = ServiceAccountAssertion.Verify(form["assertion"].ToString(), key, ClientEmail, HomeGraphScope, DateTimeOffset.UtcNow, [TokenUrl, ServiceAccountAssertion.GoogleAudience]);
        if (problem is not null)
        {
            lock (gate)
            {
                RefusedAssertions.Add(problem);
            }

            await WriteAsync(context, 400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = problem }).ConfigureAwait(false);
            return;
        }

        var token = "ya29.fake-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        tokens[token] = DateTimeOffset.UtcNow + TokenLifetime;
        lock (gate)
        {
            TokensIssued++;
        }

        await WriteAsync(context, 200, new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["token_type"] = "Bearer",
        }).ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context, string method, Func<JsonObject, string?, (int Status, JsonObject Body)> handle)
    {
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency).ConfigureAwait(false);
        }

        JsonObject? body = null;
        if (method != HomeGraphMethods.DeleteAgentUser)
        {
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject;
            }
            catch (JsonException)
            {
            }
        }

        var agent = method == HomeGraphMethods.DeleteAgentUser ? context.Request.RouteValues["id"]?.ToString() : body?["agentUserId"]?.GetValue<string>();
        var (status, answer) = Decide(context, method, body, agent, handle);
        lock (gate)
        {
            calls.Add(new RecordedCall(method, agent, body?.DeepClone(), status, DateTimeOffset.UtcNow));
        }

        if (status == 429 && answer["retryAfter"] is JsonValue seconds)
        {
            answer.Remove("retryAfter");
            context.Response.Headers.RetryAfter = seconds.ToString();
        }

        await WriteAsync(context, status, answer).ConfigureAwait(false);
    }

    private (int Status, JsonObject Body) Decide(HttpContext context, string method, JsonObject? body, string? agent, Func<JsonObject, string?, (int, JsonObject)> handle)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !tokens.TryGetValue(auth[7..], out var expires) || expires < DateTimeOffset.UtcNow)
        {
            return Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
        }

        if (Down)
        {
            return Error(503, "UNAVAILABLE", "The service is currently unavailable.");
        }

        if (faults.TryDequeue(out var fault))
        {
            var error = Error(fault.Status, fault.GoogleStatus, "injected");
            if (fault.RetryAfter is { } after)
            {
                error.Body["retryAfter"] = (int)Math.Ceiling(after.TotalSeconds);
            }

            return error;
        }

        if (method != HomeGraphMethods.DeleteAgentUser && body is null)
        {
            return Error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
        }

        if (string.IsNullOrEmpty(agent))
        {
            return Error(400, "INVALID_ARGUMENT", "agentUserId is required.");
        }

        lock (gate)
        {
            if (unknownAgents.Contains(agent))
            {
                return Error(404, "NOT_FOUND", "Requested entity was not found.");
            }

            return handle(body ?? [], agent);
        }
    }

    private (int, JsonObject) ReportState(JsonObject body, string? agent)
    {
        if (body["requestId"] is not JsonValue requestId || string.IsNullOrEmpty(requestId.GetValue<string>()))
        {
            return Error(400, "INVALID_ARGUMENT", "requestId is required.");
        }

        var devices = body["payload"]?["devices"] as JsonObject;
        var reported = devices?["states"] as JsonObject;
        var notified = devices?["notifications"] as JsonObject;
        if (devices is null || (reported is null && notified is null))
        {
            return Error(400, "INVALID_ARGUMENT", "payload.devices needs states or notifications.");
        }

        foreach (var (id, state) in reported ?? [])
        {
            if (state is not JsonObject s || s.Count == 0 || s.ContainsKey("status") || s.ContainsKey("errorCode") || s.Any(p => p.Value is null))
            {
                return Error(400, "INVALID_ARGUMENT", $"Invalid state for device {id}.");
            }
        }

        foreach (var (id, notification) in notified ?? [])
        {
            var detection = notification?["ObjectDetection"];
            if (detection?["priority"] is null || detection["detectionTimestamp"] is null || detection["objects"] is not JsonObject)
            {
                return Error(400, "INVALID_ARGUMENT", $"Invalid notification for device {id}.");
            }

            if (body["eventId"] is null)
            {
                return Error(400, "INVALID_ARGUMENT", "A notification needs an eventId.");
            }
        }

        if (!states.TryGetValue(agent!, out var known))
        {
            known = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            states[agent!] = known;
        }

        foreach (var (id, state) in reported ?? [])
        {
            known[id] = (JsonObject)state!.DeepClone();
        }

        return (200, new JsonObject { ["requestId"] = body["requestId"]!.DeepClone() });
    }

    private static (int, JsonObject) RequestSync(JsonObject body, string? agent) =>
        body["async"] is { } a && a.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)
            ? Error(400, "INVALID_ARGUMENT", "async must be a boolean.")
            : (200, []);

    private (int, JsonObject) Query(JsonObject body, string? agent)
    {
        var answer = new JsonObject();
        states.TryGetValue(agent!, out var known);
        foreach (var device in body["inputs"]?[0]?["payload"]?["devices"] as JsonArray ?? [])
        {
            var id = device?["id"]?.GetValue<string>() ?? "";
            answer[id] = known is not null && known.TryGetValue(id, out var state) ? state.DeepClone() : new JsonObject();
        }

        return (200, new JsonObject { ["requestId"] = body["requestId"]?.DeepClone(), ["payload"] = new JsonObject { ["devices"] = answer } });
    }

    private (int, JsonObject) Sync(JsonObject body, string? agent)
    {
        var devices = new JsonArray();
        if (states.TryGetValue(agent!, out var known))
        {
            foreach (var id in known.Keys)
            {
                devices.Add(new JsonObject { ["id"] = id });
            }
        }

        return (200, new JsonObject { ["requestId"] = body["requestId"]?.DeepClone(), ["payload"] = new JsonObject { ["agentUserId"] = agent, ["devices"] = devices } });
    }

    private (int, JsonObject) DeleteAgentUser(JsonObject body, string? agent)
    {
        unknownAgents.Add(agent!);
        states.Remove(agent!);
        return (200, []);
    }

    private async Task Inspect(HttpContext context)
    {
        var agent = context.Request.RouteValues["id"]?.ToString() ?? "";
        var answer = new JsonObject();
        lock (gate)
        {
            var known = new JsonObject();
            if (states.TryGetValue(agent, out var devices))
            {
                foreach (var (id, state) in devices)
                {
                    known[id] = state.DeepClone();
                }
            }

            answer["states"] = known;
            answer["linked"] = !unknownAgents.Contains(agent);
            var list = new JsonArray();
            foreach (var call in calls.Where(c => c.AgentUserId == agent))
            {
                list.Add(new JsonObject
                {
                    ["method"] = call.Method,
                    ["status"] = call.Status,
                    ["at"] = call.At.ToUnixTimeMilliseconds(),
                    ["eventId"] = call.EventId,
                    ["body"] = call.Body?.DeepClone(),
                });
            }

            answer["calls"] = list;
        }

        await WriteAsync(context, 200, answer).ConfigureAwait(false);
    }

    private static (int Status, JsonObject Body) Error(int code, string status, string message) =>
        (code, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status } });

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
    }
}
