using SmartHomeCam.Cameras;

namespace SmartHomeCam.Nest;

/// <summary>Makes the RTSP(S) client for one stream URL; tests replace it to count or break connections.</summary>
public interface ISdmRtspConnector
{
    ICameraSource Create(Uri rtspUrl, bool audio);
}
