using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;

namespace SmartHomeCam.Nest;

/// <summary>
/// Nest cameras through Google's Device Access (SDM) API. One connection per Nest account the owner authorized;
/// its credential is the account's OAuth refresh token (encrypted at rest by the connection store). Lists CAMERA,
/// DOORBELL and DISPLAY devices; RTSP cameras stream through <see cref="SdmRtspSource"/>, WEB_RTC cameras through
/// the WebRTC support when it is registered.
/// </summary>
public sealed partial class SdmCameraProvider(
    SdmDeviceCache devices,
    SdmApiClient api,
    ISdmRtspConnector connector,
    IEnumerable<ISdmWebRtcSourceFactory> webRtc,
    IOptions<SdmOptions> options,
    TimeProvider clock,
    ILoggerFactory loggers) : IConnectableCameraProvider, IObjectDetectionProvider
{
    public const string ProviderId = "nest";
    public const string WebRtcNeeded = "This camera streams over WebRTC only, and no WebRTC receiver is registered in this host.";
    private readonly ILogger logger = loggers.CreateLogger<SdmCameraProvider>();

    public string Id => ProviderId;

    public string DisplayName => "Google Nest (Device Access)";

    /// <summary>Nothing to type: the owner links through Google's consent page (/nest), or pastes a refresh token on the CLI.</summary>
    public IReadOnlyList<ConnectionField> Fields => [];

    public string? CredentialLabel => "refresh token";

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProviderCamera>>([]);

    public ICameraSource CreateSource(string userId, string providerCameraId) =>
        new SdmUnsupportedSource("Nest cameras belong to a connection.");

    public async Task<IReadOnlyDictionary<string, string>> PrepareAsync(ConnectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!options.Value.Enabled)
        {
            throw new ConnectionRejectedException("Nest is not set up on this server (Nest:ProjectId and Nest:ClientId); see the README section \"Nest\".");
        }

        if (string.IsNullOrWhiteSpace(request.Credential))
        {
            throw new ConnectionRejectedException("Link Nest from the dashboard's Nest page (or give the account's refresh token).");
        }

        try
        {
            var listed = await devices.GetAsync(request.Credential.Trim(), refresh: true, cancellationToken).ConfigureAwait(false);
            return new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["linkedAt"] = clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["camerasAtLink"] = listed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }
        catch (SdmApiException e) when (!e.IsOutage && e.StatusCode != System.Net.HttpStatusCode.TooManyRequests)
        {
            throw new ConnectionRejectedException($"Google refused this Nest authorization: {e.Message}", e);
        }
        catch (SdmApiException e)
        {
            throw new ConnectionRejectedException($"Google's Device Access API cannot be reached right now: {e.Message}", e);
        }
    }

    public async Task<IReadOnlyList<ProviderCamera>> ListAsync(ProviderConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var listed = await devices.GetAsync(Token(connection), refresh: false, cancellationToken).ConfigureAwait(false);
        return listed.Select(ToCamera).ToList();
    }

    public ICameraSource CreateSource(ProviderConnectionContext connection, string cameraId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var token = Token(connection);
        var device = devices.Find(token, cameraId);
        if (device is { IsWebRtc: true })
        {
            return webRtc.FirstOrDefault()?.Create(connection, device) ?? new SdmUnsupportedSource(WebRtcNeeded);
        }

        var o = options.Value;
        var stream = new SdmRtspStream(api, devices, token, cameraId, o, clock, loggers.CreateLogger<SdmRtspStream>());
        logger.LogDebug("Opening the Nest stream of {Connection} camera {Device}.", connection, cameraId);
        return new SdmRtspSource(stream, connector, device?.HasAudio ?? true, SpliceWait(o), loggers.CreateLogger<SdmRtspSource>());
    }

    /// <summary>How long the reader waits for the next session after the old one died (then the capture session restarts).</summary>
    internal static TimeSpan SpliceWait(SdmOptions o) => o.ConnectTimeout;

    internal static ProviderCamera ToCamera(SdmDevice d) =>
        new(d.DeviceId, d.Name, d.Room,
            new CameraDeviceInfo("Google Nest", d.IsWebRtc ? d.Model + " (WebRTC, video only)" : d.Model, d.ProtocolLabel, "SDM"),
            Online: true) { Kind = KindOf(d) };

    private static string Token(ProviderConnectionContext connection) =>
        connection.Credential is { Length: > 0 } t ? t : throw new CameraSourceException("The Nest connection has no authorization; link it again.");
}
