using SmartHomeCam.Cameras;
using SmartHomeCam.Media;

namespace SmartHomeCam.Nest;

/// <summary>
/// Where a <see cref="SdmSplicer"/>'s sessions come from and what happens around a splice: the only parts in which the
/// RTSP (extended URLs) and WebRTC (replaced sessions) streams differ.
/// </summary>
internal interface ISdmSpliceSessions
{
    /// <summary>A successor to open now while the live session still plays, or null when none is due.</summary>
    ICameraSource? NextCandidate();

    /// <summary>The successor could not be opened (it is already released).</summary>
    void CandidateFailed(Exception failure);

    /// <summary>The live session ended with no successor pending: one to try (spliced with a discontinuity), or null to end.</summary>
    Task<ICameraSource?> SuccessorAfterEndAsync(CancellationToken cancellationToken);

    /// <summary>The output moves to the successor; throw <see cref="CameraSourceException"/> to refuse it.</summary>
    void Switching(MediaTracks live, MediaTracks successor);
}
