using System.Net;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;
using Microsoft.Extensions.Options;
using SmartHomeCam.Rtsp.Probe;
using SmartHomeCam.Rtsp.Transcoded;

namespace SmartHomeCam.Rtsp.Cameras;

/// <summary>
/// Generic RTSP cameras: one connection is one camera at an <c>rtsp://</c> or <c>rtsps://</c> URL, with an
/// optional user and a password kept in the connection's encrypted credential. Adding one probes it at once, so
/// an unreachable, unauthorised or unplayable camera is refused with the probe's plain-words reason. With
/// <see cref="RtspCamerasOptions.TranscodeH265"/> on, an H.265 camera is accepted and played through
/// <see cref="TranscodedRtspCameraSource"/> (ffmpeg re-encodes it to H.264).
/// </summary>
public sealed class RtspCameraProvider(ILoggerFactory loggerFactory, TimeProvider time, IOptions<RtspCamerasOptions>? cameraOptions = null) : IConnectableCameraProvider
{
    public const string ProviderId = "rtsp";
    public const string UrlField = "url";
    public const string UserField = "user";
    public const string TransportField = "transport";
    public const string RoomField = "room";
    private const string SummarySetting = "probe";

    private readonly ILogger<RtspCameraSource> _sourceLogger = loggerFactory.CreateLogger<RtspCameraSource>();
    private readonly bool _transcode = cameraOptions?.Value.TranscodeH265 ?? true;

    public string Id => ProviderId;

    public string DisplayName => "Generic RTSP camera";

    public IReadOnlyList<ConnectionField> Fields { get; } =
    [
        new(UrlField, "RTSP URL (rtsp://camera/stream or rtsps://…)", Required: true),
        new(UserField, "User name", Required: false),
        new(TransportField, "Transport: tcp (default) or udp", Required: false),
        new(RoomField, "Room", Required: false),
    ];

    public string? CredentialLabel => "Password";

    /// <summary>How long adding a camera may wait for its probe.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProviderCamera>>([]);

    public ICameraSource CreateSource(string userId, string providerCameraId) =>
        throw new CameraSourceException("Generic RTSP cameras exist only as connections");

    public async Task<IReadOnlyDictionary<string, string>> PrepareAsync(ConnectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Field(UrlField) ?? throw new ConnectionRejectedException("The RTSP URL is required.");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != "rtsp" && url.Scheme != "rtsps") || string.IsNullOrEmpty(url.Host))
        {
            throw new ConnectionRejectedException("The URL must start with rtsp:// or rtsps:// and name a host.");
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new ConnectionRejectedException("Put the user name and password in their own fields, not in the URL (the URL is not stored encrypted).");
        }

        var transport = ParseTransport(request.Field(TransportField))
            ?? throw new ConnectionRejectedException("Transport must be tcp or udp.");
        var user = request.Field(UserField);
        var options = Options(url, transport, user, request.Credential);
        RtspProbeResult probe;
        try
        {
            probe = await RtspProbe.ProbeAsync(options, _transcode, _sourceLogger, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (RtspProbeException e)
        {
            throw new ConnectionRejectedException(e.Message, e);
        }

        var settings = new Dictionary<string, string>
        {
            [UrlField] = url.AbsoluteUri,
            [TransportField] = transport == RtspTransport.Udp ? "udp" : "tcp",
            [SummarySetting] = probe.Summary,
        };
        if (user is not null)
        {
            settings[UserField] = user;
        }

        if (request.Field(RoomField) is { } room)
        {
            settings[RoomField] = room;
        }

        return settings;
    }

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(ProviderConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var info = new CameraDeviceInfo("Generic", "RTSP camera", connection.Setting(SummarySetting) ?? "H.264", "1.0");
        IReadOnlyList<ProviderCamera> cameras = [new ProviderCamera("1", connection.DisplayName, connection.Setting(RoomField), info, Online: true)];
        return Task.FromResult(cameras);
    }

    public ICameraSource CreateSource(ProviderConnectionContext connection, string cameraId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var url = new Uri(connection.Setting(UrlField) ?? throw new CameraSourceException("The RTSP connection has no URL"));
        var options = Options(url, ParseTransport(connection.Setting(TransportField)) ?? RtspTransport.Tcp, connection.Setting(UserField), connection.Credential);
        return _transcode ? new TranscodedRtspCameraSource(options, _sourceLogger, time) : new RtspCameraSource(options, _sourceLogger, time);
    }

    private static RtspSourceOptions Options(Uri url, RtspTransport transport, string? user, string? password) =>
        new(url)
        {
            Transport = transport,
            Credentials = user is null && string.IsNullOrEmpty(password) ? null : new NetworkCredential(user ?? "", password ?? ""),
        };

    private static RtspTransport? ParseTransport(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" or "TCP" => RtspTransport.Tcp,
        "UDP" => RtspTransport.Udp,
        _ => null,
    };
}
