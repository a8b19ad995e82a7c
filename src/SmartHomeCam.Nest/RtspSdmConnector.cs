using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Rtsp;

namespace SmartHomeCam.Nest;

/// <summary>Google's stream URLs are <c>rtsps://</c> with TCP-interleaved RTP (spec §5): our RTSP client over TLS.</summary>
internal sealed class RtspSdmConnector(IOptions<SdmOptions> options, ILoggerFactory loggers, TimeProvider clock) : ISdmRtspConnector
{
    public ICameraSource Create(Uri rtspUrl, bool audio) =>
        new RtspCameraSource(new RtspSourceOptions(rtspUrl)
        {
            Transport = RtspTransport.Tcp,
            Audio = audio,
            ServerCertificateValidation = options.Value.RtspCertificateValidation,
        }, loggers.CreateLogger<RtspCameraSource>(), clock);
}
