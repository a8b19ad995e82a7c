using System.Runtime.CompilerServices;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;
using SmartHomeCam.Rtsp;

namespace SmartHomeCam.Nest.Tests;

/// <summary>
/// The production RTSP connector with two taps for the soak's stage clock: RTP packets our RTSP client received
/// (its statistics, summed over every session it opened) and frames it handed out (depacketized, queued, read).
/// </summary>
internal sealed class NestSoakConnector(ISdmRtspConnector inner) : ISdmRtspConnector
{
    private readonly List<RtspCameraSource> sources = [];
    private long framesOut;

    public long PacketsReceived
    {
        get
        {
            lock (sources)
            {
                return sources.Sum(s => s.Statistics.PacketsReceived);
            }
        }
    }

    public long FramesOut => Interlocked.Read(ref framesOut);

    public ICameraSource Create(Uri rtspUrl, bool audio)
    {
        var source = inner.Create(rtspUrl, audio);
        if (source is RtspCameraSource rtsp)
        {
            lock (sources)
            {
                sources.Add(rtsp);
            }
        }

        return new Tap(this, source);
    }

    private sealed class Tap(NestSoakConnector owner, ICameraSource source) : ICameraSource
    {
        public ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken) => source.OpenAsync(cancellationToken);

        public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var frame in source.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref owner.framesOut);
                yield return frame;
            }
        }

        public ValueTask DisposeAsync() => source.DisposeAsync();
    }
}
