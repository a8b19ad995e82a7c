using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SmartHomeCam.NestLegacy.Protocol;

namespace SmartHomeCam.Fakes.NestLegacy;

/// <summary>
/// Nest on loopback (spec test double): fake Google issueToken and issue_jwt, fake Nest login_nest and camera
/// list, and two nexustalk servers ("primary", and "secondary" for redirects), each over TLS (a self-signed
/// certificate whose fingerprint <see cref="CertificateSha256"/> the client pins) and over WebSocket at
/// <c>/nexustalk</c>. Records every packet clients send.
/// </summary>
public sealed class FakeNestServer : IAsyncDisposable
{
    public const string CameraUuid = "f67bb3d58fbf4602b0ace3a27382aae6";

    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;
    private readonly TcpListener[] tlsListeners;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<RecordedPacket> packets = new();
    private readonly ConcurrentDictionary<string, bool> validTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> fired = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> running = [];
    private int connections;
    private int jwts;
    private int authorizationErrors;
    private readonly ConcurrentQueue<string> issued = new();
    private long frames;

    private FakeNestServer(WebApplication app, X509Certificate2 certificate, TcpListener[] tlsListeners)
    {
        this.app = app;
        this.certificate = certificate;
        this.tlsListeners = tlsListeners;
    }

    public FakeNestScenario Scenario { get; } = new();

    /// <summary>REST (and WebSocket primary) base address.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public int WebSocketSecondaryPort { get; private set; }

    public int TlsPrimaryPort => ((IPEndPoint)tlsListeners[0].LocalEndpoint).Port;

    public int TlsSecondaryPort => ((IPEndPoint)tlsListeners[1].LocalEndpoint).Port;

    /// <summary>When true the camera list and redirects point at the WebSocket listeners, else at the TLS ones.</summary>
    public bool UseWebSocket { get; set; }

    public string PrimaryHost => "127.0.0.1:" + (UseWebSocket ? BaseAddress.Port : TlsPrimaryPort).ToString(CultureInfo.InvariantCulture);

    public string SecondaryHost => "127.0.0.1:" + (UseWebSocket ? WebSocketSecondaryPort : TlsSecondaryPort).ToString(CultureInfo.InvariantCulture);

    public string CertificateSha256 => Convert.ToHexString(SHA256.HashData(certificate.RawData));

    public Uri IssueTokenUrl => new(BaseAddress, "o/oauth2/iframerpc?action=issueToken&response_type=token%20id_token&login_hint=x&client_id=nest&origin=https%3A%2F%2Fhome.nest.com&scope=openid&ss_domain=https%3A%2F%2Fhome.nest.com");

    public IReadOnlyList<RecordedPacket> Packets => [.. packets];

    public int Connections => Volatile.Read(ref connections);

    /// <summary>JWTs issued so far (each login issues a new one).</summary>
    public int JwtsIssued => Volatile.Read(ref jwts);

    public long FramesSent => Interlocked.Read(ref frames);

    /// <summary>Settings that point the client (<c>NestLegacy</c> section) at this fake.</summary>
    public IDictionary<string, string?> ClientSettings(string prefix = "NestLegacy:") => new Dictionary<string, string?>
    {
        [prefix + "IssueTokenHosts:0"] = "127.0.0.1:" + BaseAddress.Port.ToString(CultureInfo.InvariantCulture),
        [prefix + "IssueJwtUrl"] = new Uri(BaseAddress, "v1/issue_jwt").ToString(),
        [prefix + "NestLoginUrl"] = new Uri(BaseAddress, "api/v1/login.login_nest").ToString(),
        [prefix + "CameraApiBaseUrl"] = BaseAddress.ToString(),
        [prefix + "Transport"] = UseWebSocket ? "WebSocket" : "Tls",
        [prefix + "WebSocketScheme"] = "ws",
        [prefix + "TrustedCertificateSha256:0"] = CertificateSha256,
    };

    public static async Task<FakeNestServer> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var listeners = new[] { new TcpListener(IPAddress.Loopback, 0), new TcpListener(IPAddress.Loopback, 0) };
        var server = new FakeNestServer(app, certificate, listeners);
        server.Map(app);
        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Urls.Select(u => new Uri(u)).ToList();
        server.BaseAddress = new Uri(addresses[0], "/");
        server.WebSocketSecondaryPort = addresses[1].Port;
        foreach (var (listener, name) in listeners.Zip(new[] { "primary", "secondary" }))
        {
            listener.Start();
            server.running.Add(Task.Run(() => server.AcceptTlsAsync(listener, name)));
        }

        return server;
    }

    public int Count(PacketType type) => packets.Count(p => p.Type == type);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in tlsListeners)
        {
            listener.Stop();
        }

        await app.StopAsync().ConfigureAwait(false);
        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await app.DisposeAsync().ConfigureAwait(false);
        certificate.Dispose();
        stopping.Dispose();
    }

    internal void Record(RecordedPacket packet) => packets.Enqueue(packet);

    internal void CountFrame() => Interlocked.Increment(ref frames);

    internal bool IsValidToken(string? token) => token is not null && validTokens.TryGetValue(token, out var valid) && valid;

    /// <summary>Tokens issued so far (JWTs and session tokens), oldest first.</summary>
    public IReadOnlyList<string> IssuedTokens => [.. issued];

    /// <summary>ERROR 3 (authorization failed) packets sent to clients, on HELLO or mid-stream.</summary>
    public int AuthorizationErrorsSent => Volatile.Read(ref authorizationErrors);

    /// <summary>The token's hour is up: refused from now on, and a stream still using it gets ERROR 3 (as Nest does).</summary>
    public void ExpireToken(string token) => Expire(token);

    internal void CountAuthorizationError() => Interlocked.Increment(ref authorizationErrors);

    internal void Expire(string? token)
    {
        if (token is not null)
        {
            validTokens[token] = false;
        }
    }

    /// <summary>True the first time for each event name.</summary>
    internal bool Once(string name) => fired.TryAdd(name, true);

    private void Map(WebApplication web)
    {
        web.UseWebSockets();
        web.MapGet("/o/oauth2/iframerpc", async (HttpContext context) =>
        {
            await Task.Delay(Scenario.AuthDelay, context.RequestAborted).ConfigureAwait(false);
            var cookie = context.Request.Headers.Cookie.ToString();
            return Scenario.GoogleSessionEnded || cookie != Scenario.Cookie
                ? Results.Json(new Dictionary<string, string> { ["error"] = "USER_LOGGED_OUT", ["detail"] = "No active session found." })
                : Results.Json(new Dictionary<string, string> { ["access_token"] = "g-" + Guid.NewGuid().ToString("N"), ["token_type"] = "Bearer" });
        });
        web.MapPost("/v1/issue_jwt", async (HttpContext context) =>
        {
            await Task.Delay(Scenario.AuthDelay, context.RequestAborted).ConfigureAwait(false);
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var bearer = context.Request.Headers.Authorization.ToString();
            if (!bearer.StartsWith("Bearer g-", StringComparison.Ordinal) || form["google_oauth_access_token"] != bearer["Bearer ".Length..] ||
                form["policy_id"] != "authproxy-oauth-policy")
            {
                return Results.StatusCode(401);
            }

            var jwt = "J" + Interlocked.Increment(ref jwts).ToString(CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N");
            validTokens[jwt] = true;
            issued.Enqueue(jwt);
            return Results.Json(new Dictionary<string, string> { ["jwt"] = jwt });
        });
        web.MapPost("/api/v1/login.login_nest", async (HttpContext context) =>
        {
            await Task.Delay(Scenario.AuthDelay, context.RequestAborted).ConfigureAwait(false);
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            if (form["access_token"] != Scenario.NestAccessToken || context.Request.Headers.Authorization != "Basic " + Scenario.NestAccessToken)
            {
                return Results.StatusCode(403);
            }

            var session = "S" + Interlocked.Increment(ref jwts).ToString(CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N");
            validTokens[session] = true;
            issued.Enqueue(session);
            return Results.Json(new { status = 0, items = new[] { new { session_token = session } } });
        });
        web.MapGet("/api/cameras.get_owned_and_member_of_with_properties", (HttpContext context) => CameraList(context, null));
        web.MapGet("/api/cameras.get_with_properties", (HttpContext context) => CameraList(context, context.Request.Query["uuid"].ToString()));
        web.Map("/nexustalk", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var name = context.Connection.LocalPort == WebSocketSecondaryPort ? "secondary" : "primary";
            var session = new FakeNexusSession(this, new WebSocketFakeWire(socket), Interlocked.Increment(ref connections), name);
            await session.RunAsync(stopping.Token).ConfigureAwait(false);
        });
    }

    private IResult CameraList(HttpContext context, string? uuid)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Basic ", StringComparison.Ordinal) || !IsValidToken(auth["Basic ".Length..]))
        {
            return Results.StatusCode(401);
        }

        var items = uuid is null || uuid == CameraUuid ? new[] { CameraItem() } : [];
        return Results.Json(new { status = 0, items });
    }

    private Dictionary<string, object> CameraItem() => new()
    {
        ["uuid"] = CameraUuid,
        ["name"] = Scenario.CameraName,
        ["type"] = 12,
        ["is_online"] = Scenario.CameraOnline,
        ["is_streaming_enabled"] = Scenario.StreamingEnabled,
        ["capabilities"] = Scenario.Profiles.Select(p => "streaming.cameraprofile." + ProfileName(p)).Append("audio.microphone").ToArray(),
        ["properties"] = new Dictionary<string, object> { ["streaming.enabled"] = Scenario.StreamingEnabled, ["audio.enabled"] = Scenario.AudioEnabled },
        ["direct_nexustalk_host"] = PrimaryHost,
        ["websocket_nexustalk_host"] = PrimaryHost,
    };

    private static string ProfileName(SmartHomeCam.NestLegacy.Protocol.Messages.StreamProfile profile) =>
        typeof(SmartHomeCam.NestLegacy.Protocol.Messages.StreamProfile).GetField(profile.ToString())!
            .GetCustomAttributes(typeof(ProtoBuf.ProtoEnumAttribute), false).Cast<ProtoBuf.ProtoEnumAttribute>().Single().Name;

    private async Task AcceptTlsAsync(TcpListener listener, string name)
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            running.Add(Task.Run(async () =>
            {
                using (client)
                {
                    client.NoDelay = true;
                    var tls = new SslStream(client.GetStream());
                    try
                    {
                        await tls.AuthenticateAsServerAsync(certificate).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                    {
                        await tls.DisposeAsync().ConfigureAwait(false);
                        return;
                    }

                    var session = new FakeNexusSession(this, new TlsFakeWire(tls), Interlocked.Increment(ref connections), name);
                    await session.RunAsync(stopping.Token).ConfigureAwait(false);
                }
            }));
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=fake-nexustalk", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
