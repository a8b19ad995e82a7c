using System.Collections.Concurrent;
using System.Globalization;
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

namespace SmartHomeCam.Fakes.Nest;

/// <summary>
/// Google's side of Nest on loopback (spec §7): the Partner Connections consent page (approves at once), the OAuth
/// token endpoint, and the SDM REST API with device fixtures, expiring stream tokens, Extend without streamUrls,
/// stale tokens → 400, per-minute quotas → 429 and switchable faults. State lives in memory; the clock is injectable.
/// </summary>
public sealed partial class FakeNestCloud : IAsyncDisposable
{
    public const string ClientId = "fake-nest-client.apps.googleusercontent.com";
    public const string ClientSecret = "fake-nest-client-secret";
    public const string ProjectId = "fake-device-access-project";

    private readonly WebApplication app;
    private readonly TimeProvider clock;
    private readonly ConcurrentDictionary<string, Account> refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Account Account, DateTimeOffset Expires)> accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Account Account, string RedirectUri, string? Challenge)> codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeNestStreamGrant> streams = new(StringComparer.Ordinal);
    private readonly Lock quotaGate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> quotaWindows = new(StringComparer.Ordinal);
    private int quotaViolations;
    private int listCalls;
    private int commandCalls;
    private int tokenRefreshes;
    private int structureCalls;

    private FakeNestCloud(WebApplication app, TimeProvider clock)
    {
        this.app = app;
        this.clock = clock;
        DefaultAccount = AddAccount("nest-user-1", FakeNestDevice.Fixtures);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public FakeNestFaults Faults { get; } = new();

    /// <summary>The account the consent page authorizes (tests switch it to link a second Nest account).</summary>
    public Account DefaultAccount { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan StreamLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Cut an RTSP session at the expiry its token was issued with, extended or not ([obs] spec §4).</summary>
    public bool Strict { get; set; } = true;

    /// <summary>Host and port put into generated <c>rtsps://</c> URLs.</summary>
    public string RtspAuthority { get; set; } = "stream-fake-1.dropcam.invalid:443";

    /// <summary>Enforce Google's sandbox quotas (spec §4) with 429s.</summary>
    public bool EnforceQuotas { get; set; } = true;

    public int QuotaViolations => Volatile.Read(ref quotaViolations);

    public int ListCalls => Volatile.Read(ref listCalls);

    public int CommandCalls => Volatile.Read(ref commandCalls);

    public int TokenRefreshes => Volatile.Read(ref tokenRefreshes);

    /// <summary>structures.list and rooms.list calls.</summary>
    public int StructureCalls => Volatile.Read(ref structureCalls);

    /// <summary>When true, parentRelations carry no displayName (the room is named only by rooms.list).</summary>
    public bool OmitRoomDisplayNames { get; set; }

    public IReadOnlyCollection<FakeNestStreamGrant> Streams => streams.Values.ToList();

    public TimeProvider Clock => clock;

    public static async Task<FakeNestCloud> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeNestCloud(app, clock ?? TimeProvider.System);
        fake.Map(app);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Configuration keys pointing the server's <c>Nest</c> section at this fake.</summary>
    public IDictionary<string, string?> ServerSettings() => new Dictionary<string, string?>
    {
        ["Nest:ProjectId"] = ProjectId,
        ["Nest:ClientId"] = ClientId,
        ["Nest:ClientSecret"] = ClientSecret,
        ["Nest:ConsentBaseUrl"] = new Uri(BaseAddress, "partnerconnections/").ToString(),
        ["Nest:TokenUrl"] = new Uri(BaseAddress, "token").ToString(),
        ["Nest:ApiBaseUrl"] = new Uri(BaseAddress, "v1/").ToString(),
        ["Nest:RetryBaseDelay"] = "00:00:00.050",
    };

    public static Account AddAccount(string name, IEnumerable<FakeNestDevice> devices) => new(name, devices);

    /// <summary>A refresh token of <paramref name="account"/>, as if the owner had consented (for CLI and unit tests).</summary>
    public string IssueRefreshToken(Account account)
    {
        var token = "1//fake-refresh-" + Random();
        refreshTokens[token] = account;
        return token;
    }

    /// <summary>Whether the stream token may open an RTSP session now, and when strict mode cuts that session.</summary>
    public (FakeNestStreamGrant? Stream, DateTimeOffset? CutAt, string? Refusal) CheckRtsp(string streamId, string streamToken)
    {
        if (!streams.TryGetValue(streamId, out var stream) || stream.Stopped)
        {
            return (null, null, "unknown or stopped stream");
        }

        var expiry = stream.ExpiryOf(streamToken);
        if (expiry is null)
        {
            return (null, null, "unknown auth");
        }

        if (expiry <= clock.GetUtcNow())
        {
            return (null, null, "expired auth");
        }

        return (stream, Strict ? expiry : null, null);
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private void Map(WebApplication web)
    {
        web.MapGet("/partnerconnections/{project}/auth", Consent);
        web.MapPost("/token", (Delegate)TokenAsync);
        web.Map("/v1/{**rest}", (Delegate)ApiAsync);
    }

    private IResult Consent(HttpContext context, string project)
    {
        var q = context.Request.Query;
        if (project != ProjectId || q["client_id"] != ClientId || q["response_type"] != "code"
            || !(q["scope"].ToString() ?? "").Contains("https://www.googleapis.com/auth/sdm.service", StringComparison.Ordinal)
            || string.IsNullOrEmpty(q["redirect_uri"]))
        {
            return Results.BadRequest("bad consent request");
        }

        var code = "4/fake-code-" + Random();
        var challenge = q["code_challenge"].ToString();
        codes[code] = (DefaultAccount, q["redirect_uri"]!, string.IsNullOrEmpty(challenge) ? null : challenge);
        var redirect = $"{q["redirect_uri"]}?code={Uri.EscapeDataString(code)}&scope={Uri.EscapeDataString(q["scope"]!)}&state={Uri.EscapeDataString(q["state"].ToString())}";
        return Results.Redirect(redirect);
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return OAuthError(401, "invalid_client");
        }

        Account account;
        string? refresh = null;
        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                if (!codes.TryRemove(form["code"].ToString(), out var grant) || grant.RedirectUri != form["redirect_uri"])
                {
                    return OAuthError(400, "invalid_grant");
                }

                if (grant.Challenge is not null)
                {
                    var verifier = form["code_verifier"].ToString();
                    var expected = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
                    if (expected != grant.Challenge)
                    {
                        return OAuthError(400, "invalid_grant");
                    }
                }

                account = grant.Account;
                refresh = IssueRefreshToken(account);
                break;
            case "refresh_token":
                if (Faults.InvalidGrant || !refreshTokens.TryGetValue(form["refresh_token"].ToString(), out account!))
                {
                    return OAuthError(400, "invalid_grant");
                }

                Interlocked.Increment(ref tokenRefreshes);
                break;
            default:
                return OAuthError(400, "unsupported_grant_type");
        }

        var access = "ya29.fake-" + Random();
        accessTokens[access] = (account, clock.GetUtcNow() + AccessTokenLifetime);
        var body = new JsonObject
        {
            ["access_token"] = access,
            ["expires_in"] = (int)AccessTokenLifetime.TotalSeconds,
            ["token_type"] = "Bearer",
            ["scope"] = "https://www.googleapis.com/auth/sdm.service",
        };
        if (refresh is not null)
        {
            body["refresh_token"] = refresh;
        }

        return Results.Text(body.ToJsonString(), "application/json");
    }

    private async Task<IResult> ApiAsync(HttpContext context, string rest)
    {
        if (Faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Latency).ConfigureAwait(false);
        }

        if (Faults.Offline)
        {
            return ApiError(503, "UNAVAILABLE", "The service is currently unavailable.");
        }

        var bearer = context.Request.Headers.Authorization.ToString();
        if (!bearer.StartsWith("Bearer ", StringComparison.Ordinal) || !accessTokens.TryGetValue(bearer[7..], out var session)
            || session.Expires <= clock.GetUtcNow() || Faults.RevokedAccessTokens.ContainsKey(bearer[7..]))
        {
            return ApiError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
        }

        if (Faults.TryTake(out var fault))
        {
            return ApiError(fault.Status, fault.Word, "Injected fault.", fault.RetryAfterSeconds);
        }

        var account = session.Account;
        var prefix = $"enterprises/{ProjectId}/";
        if (!rest.StartsWith(prefix, StringComparison.Ordinal))
        {
            return ApiError(404, "NOT_FOUND", "Enterprise not found.");
        }

        var path = rest[prefix.Length..];
        if (context.Request.Method == "GET" && path == "devices")
        {
            Interlocked.Increment(ref listCalls);
            if (OverQuota($"list:{account.Name}", 5))
            {
                return ApiError(429, "RESOURCE_EXHAUSTED", "Rate limited.", 30);
            }

            var list = new JsonArray(account.Devices.Values.Select(d => (JsonNode)DeviceJson(d)).ToArray());
            return Results.Text(new JsonObject { ["devices"] = list }.ToJsonString(), "application/json");
        }

        if (context.Request.Method == "GET" && path == "structures")
        {
            Interlocked.Increment(ref structureCalls);
            var homes = account.Structures.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => (JsonNode)new JsonObject
            {
                ["name"] = $"enterprises/{ProjectId}/structures/{h.Key}",
                ["traits"] = new JsonObject { ["sdm.structures.traits.Info"] = new JsonObject { ["customName"] = h.Value } },
            }).ToArray();
            return Results.Text(new JsonObject { ["structures"] = new JsonArray(homes) }.ToJsonString(), "application/json");
        }

        if (context.Request.Method == "GET" && path.StartsWith("structures/", StringComparison.Ordinal) && path.EndsWith("/rooms", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref structureCalls);
            var structure = path["structures/".Length..^"/rooms".Length];
            if (!account.Structures.ContainsKey(structure))
            {
                return ApiError(404, "NOT_FOUND", "Structure not found.");
            }

            var rooms = account.Devices.Values.Where(d => d.Structure == structure).DistinctBy(d => d.RoomId).Select(d => (JsonNode)new JsonObject
            {
                ["name"] = $"enterprises/{ProjectId}/structures/{structure}/rooms/{d.RoomId}",
                ["traits"] = new JsonObject { ["sdm.structures.traits.RoomInfo"] = new JsonObject { ["customName"] = d.Room } },
            }).ToArray();
            return Results.Text(new JsonObject { ["rooms"] = new JsonArray(rooms) }.ToJsonString(), "application/json");
        }

        const string execute = ":executeCommand";
        if (context.Request.Method == "POST" && path.StartsWith("devices/", StringComparison.Ordinal) && path.EndsWith(execute, StringComparison.Ordinal))
        {
            var deviceId = path["devices/".Length..^execute.Length];
            if (!account.Devices.TryGetValue(deviceId, out var device))
            {
                return ApiError(404, "NOT_FOUND", "Device not found.");
            }

            JsonNode? body;
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                return ApiError(400, "INVALID_ARGUMENT", "Invalid JSON payload.");
            }

            Interlocked.Increment(ref commandCalls);
            var command = body?["command"]?.GetValue<string>() ?? "";
            if (OverQuota($"exec:{account.Name}", 10) || OverQuota($"cmd:{account.Name}:{deviceId}:{command}", 5))
            {
                return ApiError(429, "RESOURCE_EXHAUSTED", "Rate limited.", 30);
            }

            return await WebRtcCommandAsync(account, device, command, body?["params"] as JsonObject ?? []).ConfigureAwait(false)
                   ?? Command(account, device, command, body?["params"] as JsonObject ?? []);
        }

        return ApiError(404, "NOT_FOUND", "Not found.");
    }

    private IResult Command(Account account, FakeNestDevice device, string command, JsonObject p)
    {
        const string ns = "sdm.devices.commands.CameraLiveStream.";
        var name = command.StartsWith(ns, StringComparison.Ordinal) ? command[ns.Length..] : "";
        var rtsp = name is "GenerateRtspStream" or "ExtendRtspStream" or "StopRtspStream";
        var webRtc = name is "GenerateWebRtcStream" or "ExtendWebRtcStream" or "StopWebRtcStream";
        if ((rtsp && device.IsWebRtc) || (webRtc && !device.IsWebRtc) || (!rtsp && !webRtc))
        {
            return ApiError(400, "INVALID_ARGUMENT", $"Command {command} not supported.");
        }

        var now = clock.GetUtcNow();
        switch (name)
        {
            case "GenerateRtspStream":
            {
                var stream = new FakeNestStreamGrant("s" + Random()[..12], device.Id, account.Name);
                stream.Issue("st-" + Random(), "ext-" + Random(), now + StreamLifetime, extension: false);
                streams[stream.Id] = stream;
                return Results.Text(new JsonObject
                {
                    ["results"] = new JsonObject
                    {
                        ["streamUrls"] = new JsonObject { ["rtspUrl"] = $"rtsps://{RtspAuthority}/sdm_live_stream/{stream.Id}?auth={stream.StreamToken}" },
                        ["streamExtensionToken"] = stream.ExtensionToken,
                        ["streamToken"] = stream.StreamToken,
                        ["expiresAt"] = Rfc3339(stream.ExpiresAt),
                    },
                }.ToJsonString(), "application/json");
            }

            case "ExtendRtspStream":
            case "StopRtspStream":
            {
                var token = p["streamExtensionToken"]?.GetValue<string>();
                var stream = streams.Values.FirstOrDefault(s => s.DeviceId == device.Id && s.User == account.Name && s.ExtensionToken == token && !s.Stopped);
                if (stream is null || stream.ExpiresAt <= now)
                {
                    return ApiError(400, "INVALID_ARGUMENT", "Invalid streamExtensionToken.");
                }

                if (name == "StopRtspStream")
                {
                    stream.Stopped = true;
                    return Results.Text("{}", "application/json");
                }

                stream.Issue("st-" + Random(), "ext-" + Random(), now + StreamLifetime, extension: true);
                return Results.Text(new JsonObject
                {
                    ["results"] = new JsonObject
                    {
                        ["streamExtensionToken"] = stream.ExtensionToken,
                        ["streamToken"] = stream.StreamToken,
                        ["expiresAt"] = Rfc3339(stream.ExpiresAt),
                    },
                }.ToJsonString(), "application/json");
            }

            case "GenerateWebRtcStream":
            {
                var offer = p["offerSdp"]?.GetValue<string>() ?? "";
                var kinds = offer.Split('\n').Where(l => l.StartsWith("m=", StringComparison.Ordinal)).Select(l => l[2..].Split(' ')[0]).ToArray();
                if (!kinds.SequenceEqual(["audio", "video", "application"]))
                {
                    return ApiError(400, "INVALID_ARGUMENT", "Invalid SDP offer: m-lines must be audio, video, application.");
                }

                return Results.Text(new JsonObject
                {
                    ["results"] = new JsonObject
                    {
                        ["answerSdp"] = "v=0\r\n",
                        ["expiresAt"] = Rfc3339(now + StreamLifetime),
                        ["mediaSessionId"] = "ms-" + Random(),
                    },
                }.ToJsonString(), "application/json");
            }

            case "ExtendWebRtcStream":
                if (device.Battery && device.Type == FakeNestDevice.Doorbell)
                {
                    return ApiError(400, "FAILED_PRECONDITION", "Command is not supported for doorbell.");
                }

                return Results.Text(new JsonObject
                {
                    ["results"] = new JsonObject { ["expiresAt"] = Rfc3339(now + StreamLifetime), ["mediaSessionId"] = p["mediaSessionId"]?.GetValue<string>() },
                }.ToJsonString(), "application/json");
            default:
                return Results.Text("{}", "application/json");
        }
    }

    private bool OverQuota(string key, int limit)
    {
        if (!EnforceQuotas)
        {
            return false;
        }

        lock (quotaGate)
        {
            var now = clock.GetUtcNow();
            if (!quotaWindows.TryGetValue(key, out var q))
            {
                quotaWindows[key] = q = new Queue<DateTimeOffset>();
            }

            while (q.Count > 0 && now - q.Peek() >= TimeSpan.FromMinutes(1))
            {
                q.Dequeue();
            }

            if (q.Count >= limit)
            {
                quotaViolations++;
                return true;
            }

            q.Enqueue(now);
            return false;
        }
    }

    private JsonObject DeviceJson(FakeNestDevice d)
    {
        var json = BaseDeviceJson(d);
        var traits = (JsonObject)json["traits"]!;
        if (d.PersonTrait)
        {
            traits["sdm.devices.traits.CameraPerson"] = new JsonObject();
        }

        if (d.Type == FakeNestDevice.Doorbell)
        {
            traits["sdm.devices.traits.DoorbellChime"] = new JsonObject();
        }

        return json;
    }

    private JsonObject BaseDeviceJson(FakeNestDevice d) => new()
    {
        ["name"] = $"enterprises/{ProjectId}/devices/{d.Id}",
        ["type"] = d.Type,
        ["traits"] = new JsonObject
        {
            ["sdm.devices.traits.Info"] = new JsonObject { ["customName"] = d.CustomName },
            ["sdm.devices.traits.CameraLiveStream"] = new JsonObject
            {
                ["maxVideoResolution"] = new JsonObject { ["width"] = 640, ["height"] = 480 },
                ["videoCodecs"] = new JsonArray("H264"),
                ["audioCodecs"] = d.IsWebRtc ? new JsonArray("OPUS") : new JsonArray("AAC"),
                ["supportedProtocols"] = new JsonArray(d.Protocols.Select(p => (JsonNode)p).ToArray()),
            },
            ["sdm.devices.traits.CameraMotion"] = new JsonObject(),
        },
        ["parentRelations"] = new JsonArray(OmitRoomDisplayNames
            ? new JsonObject { ["parent"] = $"enterprises/{ProjectId}/structures/{d.Structure}/rooms/{d.RoomId}" }
            : new JsonObject { ["parent"] = $"enterprises/{ProjectId}/structures/{d.Structure}/rooms/{d.RoomId}", ["displayName"] = d.Room }),
    };

    private static ErrorResult ApiError(int code, string status, string message, int? retryAfter = null)
    {
        var body = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status } }.ToJsonString();
        return new ErrorResult(code, body, retryAfter);
    }

    private static ErrorResult OAuthError(int code, string error) =>
        new ErrorResult(code, new JsonObject { ["error"] = error, ["error_description"] = error }.ToJsonString(), null);

    private static string Rfc3339(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Random() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    /// <summary>A fake Nest account: a Google user and the devices they shared.</summary>
    public sealed class Account(string name, IEnumerable<FakeNestDevice> devices)
    {
        public string Name { get; } = name;

        public ConcurrentDictionary<string, FakeNestDevice> Devices { get; } = new(devices.ToDictionary(d => d.Id));

        /// <summary>The homes (structures) shared, id → name; every device's structure is one of them.</summary>
        public ConcurrentDictionary<string, string> Structures { get; } = new(new Dictionary<string, string> { [FakeNestDevice.DefaultStructure] = "Home" });

        /// <summary>The owner moved the camera to the Google Home app: it now speaks WEB_RTC only.</summary>
        public void MigrateToWebRtc(string deviceId) => Devices[deviceId] = Devices[deviceId] with { Protocols = ["WEB_RTC"] };
    }

    private sealed class ErrorResult(int status, string body, int? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json";
            if (retryAfter is { } seconds)
            {
                httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return httpContext.Response.WriteAsync(body);
        }
    }
}
