using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.NestLegacy.Api;
using SmartHomeCam.NestLegacy.Auth;
using SmartHomeCam.NestLegacy.Streaming;
using SmartHomeCam.NestLegacy.Transport;

namespace SmartHomeCam.NestLegacy;

/// <summary>
/// Nest cameras that still live in the legacy Nest app, streamed over nexustalk: one connection per Nest
/// login (Google cookie or Nest access token, encrypted by the connection store), its cameras from the camera
/// list (spec §2), keyed by their uuid so the catalog gives each a stable device id and raises changes as events.
/// </summary>
public sealed class NestLegacyCameraProvider(
    NestAuthenticator authenticator,
    NestTokenCache tokens,
    NestCameraApi api,
    NexusTransportFactory transports,
    IOptions<NestLegacyOptions> options,
    TimeProvider clock,
    ILoggerFactory loggers) : IConnectableCameraProvider
{
    public const string ProviderId = "nestlegacy";
    public const string MethodField = "method";
    public const string IssueTokenUrlField = "issue_token_url";
    public const string ApiKeyField = "api_key";
    public const string GoogleMethod = "google";
    public const string NestMethod = "nest";

    public string Id => ProviderId;

    public string DisplayName => "Nest camera in the legacy Nest app (nexustalk)";

    public IReadOnlyList<ConnectionField> Fields { get; } =
    [
        new(MethodField, "Sign-in: 'google' (issueToken URL + cookie) or 'nest' (Nest access_token)", Required: true),
        new(IssueTokenUrlField, "issueToken URL (Google sign-in)", Required: false),
        new(ApiKeyField, "x-goog-api-key of the issue_jwt call (optional)", Required: false),
    ];

    public string? CredentialLabel => "Google cookie header, or the Nest access_token";

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProviderCamera>>([]);

    public ICameraSource CreateSource(string userId, string providerCameraId) =>
        throw new CameraSourceException("Legacy Nest cameras belong to a connection.");

    public async Task<IReadOnlyDictionary<string, string>> PrepareAsync(ConnectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = new Dictionary<string, string>();
        var method = request.Field(MethodField)?.ToLowerInvariant();
        settings[MethodField] = method switch
        {
            GoogleMethod or NestMethod => method,
            _ => throw new ConnectionRejectedException("Sign-in must be 'google' (issueToken URL and cookie) or 'nest' (Nest access_token)."),
        };
        if (request.Field(IssueTokenUrlField) is { } url)
        {
            settings[IssueTokenUrlField] = url;
        }

        if (request.Field(ApiKeyField) is { } key)
        {
            settings[ApiKeyField] = key;
        }

        if (string.IsNullOrWhiteSpace(request.Credential))
        {
            throw new ConnectionRejectedException(method == GoogleMethod
                ? "Paste the cookie header of the issueToken request."
                : "Paste the access_token from home.nest.com/session.");
        }

        if (method == GoogleMethod && request.Field(IssueTokenUrlField) is null)
        {
            throw new ConnectionRejectedException("Paste the issueToken URL (the 'iframerpc?action=issueToken' request in the browser's network tab).");
        }

        // Validate at once: sign in and list the cameras, so a wrong paste is reported now, not at the first stream.
        try
        {
            var credentials = Credentials(settings, request.Credential.Trim());
            var token = await authenticator.LoginAsync(credentials, cancellationToken).ConfigureAwait(false);
            await api.ListAsync(token, cancellationToken).ConfigureAwait(false);
        }
        catch (NestAuthException e)
        {
            throw new ConnectionRejectedException(e.Message, e);
        }
        catch (NestApiException e)
        {
            throw new ConnectionRejectedException("Signed in, but the camera list failed: " + e.Message, e);
        }

        return settings;
    }

    public async Task<IReadOnlyList<ProviderCamera>> ListAsync(ProviderConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var credentials = Credentials(connection);
        var token = await tokens.GetAsync(connection.Id, credentials, null, cancellationToken).ConfigureAwait(false);
        NestCameraList list;
        try
        {
            list = await api.ListAsync(token, cancellationToken).ConfigureAwait(false);
        }
        catch (NestApiException e) when (e.Unauthorized)
        {
            token = await tokens.GetAsync(connection.Id, credentials, token, cancellationToken).ConfigureAwait(false);
            list = await api.ListAsync(token, cancellationToken).ConfigureAwait(false);
        }

        return list.Items
            .Where(i => !string.IsNullOrWhiteSpace(i.Uuid))
            .Select(i => new ProviderCamera(
                i.Uuid!,
                string.IsNullOrWhiteSpace(i.Name) ? i.Model : i.Name.Trim(),
                null,
                new CameraDeviceInfo("Google Nest", i.Model, i.Type.ToString(System.Globalization.CultureInfo.InvariantCulture), "nexustalk"),
                i.IsOnline))
            .ToList();
    }

    public ICameraSource CreateSource(ProviderConnectionContext connection, string cameraId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var target = new NestStreamTarget(connection.Id, Credentials(connection), cameraId);
        return new NestLegacyCameraSource(target, tokens, api, transports, options.Value, clock, loggers.CreateLogger<NestLegacyCameraSource>());
    }

    private static NestLegacyCredentials Credentials(ProviderConnectionContext connection) =>
        Credentials(connection.Settings, connection.Credential ?? throw new CameraSourceException("The connection has no stored credential; add it again."));

    internal static NestLegacyCredentials Credentials(IReadOnlyDictionary<string, string> settings, string secret)
    {
        var kind = settings.TryGetValue(MethodField, out var m) && m == NestMethod ? NestAuthKind.NestSession : NestAuthKind.GoogleCookie;
        Uri? url = settings.TryGetValue(IssueTokenUrlField, out var u) && Uri.TryCreate(u, UriKind.Absolute, out var parsed) ? parsed : null;
        return new NestLegacyCredentials(kind, secret, url, settings.TryGetValue(ApiKeyField, out var key) ? key : null);
    }
}
