using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.WebRtc.Dtls;

namespace SmartHomeCam.Nest;

/// <summary>WEB_RTC Nest cameras stream through our own receive-only WebRTC peer: one <see cref="SdmWebRtcSource"/> per capture session.</summary>
internal sealed class SdmWebRtcSourceFactory(
    SdmApiClient api, IOptions<SdmOptions> sdm, IOptions<SdmWebRtcOptions> options, SdmWebRtcCertificate certificate, TimeProvider clock, ILoggerFactory loggers)
    : ISdmWebRtcSourceFactory
{
    public ICameraSource Create(ProviderConnectionContext connection, SdmDevice device)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(device);
        var token = connection.Credential is { Length: > 0 } t ? t : throw new CameraSourceException("The Nest connection has no authorization; link it again.");
        var sessionLogger = loggers.CreateLogger<SdmWebRtcSession>();
        return new SdmWebRtcSource(
            () => new SdmWebRtcSession(api, token, device.DeviceId, options.Value, sdm.Value, certificate.Value, clock, sessionLogger),
            options.Value.ConnectTimeout + options.Value.ConnectTimeout, clock, loggers.CreateLogger<SdmWebRtcSource>());
    }
}

/// <summary>The DTLS certificate of the Nest WebRTC receiver: one per process, made on first use (RFC 8827 §6.5).</summary>
internal sealed class SdmWebRtcCertificate
{
    private readonly Lazy<DtlsCertificate> certificate = new(DtlsCertificate.Generate);

    public DtlsCertificate Value => certificate.Value;
}
