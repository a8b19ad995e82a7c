using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;

namespace SmartHomeCam.Nest;

/// <summary>
/// The seam for the WebRTC issue: when registered, WEB_RTC cameras stream through it; until then they are listed
/// and their source fails with a message saying they need the WebRTC support.
/// </summary>
public interface ISdmWebRtcSourceFactory
{
    ICameraSource Create(ProviderConnectionContext connection, SdmDevice device);
}
