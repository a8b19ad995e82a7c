using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.WebUtilities;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Media;
using SmartHomeCam.Nest;
using SmartHomeCam.Rtsp;

namespace SmartHomeCam.Fakes.Nest;

/// <summary>
/// Google's RTSP stream servers as the Nest provider sees them, in process: the URL's stream and <c>auth</c> are
/// checked against <see cref="FakeNestCloud"/> at open (an unknown or expired token fails like DESCRIBE 404), one
/// session per token, the demo clip as live media on a fresh clock per session, and in strict mode the session is
/// cut at the expiry its token was issued with, exactly as Google's servers do despite an extension.
/// </summary>
public sealed class FakeNestRtspConnector(FakeNestCloud cloud) : ISdmRtspConnector
{
    private readonly FakeNestCloud cloud = cloud;
    private readonly ConcurrentDictionary<string, bool> usedTokens = new(StringComparer.Ordinal);
    private int opens;
    private int cuts;
    private int refused;
    private int active;

    public int Opens => Volatile.Read(ref opens);

    /// <summary>Sessions ended by strict mode at their token's expiry.</summary>
    public int Cuts => Volatile.Read(ref cuts);

    public int Refused => Volatile.Read(ref refused);

    public int Active => Volatile.Read(ref active);

    /// <summary>Answer the next N opens with this RTSP status (e.g. 404) regardless of the token.</summary>
    public int RefuseNext { get; set; }

    public int RefuseStatus { get; set; } = 404;

    /// <summary>How long opening a session takes (a slow stream server).</summary>
    public TimeSpan OpenDelay { get; set; }

    public ICameraSource Create(Uri rtspUrl, bool audio) => new Session(this, rtspUrl, audio);

    private sealed class Session(FakeNestRtspConnector owner, Uri url, bool audio) : ICameraSource
    {
        private readonly DemoCameraSource media = new(audio);
        private DateTimeOffset? cutAt;
        private bool opened;

        public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
        {
            if (owner.OpenDelay > TimeSpan.Zero)
            {
                await Task.Delay(owner.OpenDelay, cancellationToken).ConfigureAwait(false);
            }

            var streamId = url.AbsolutePath.Split('/').Last();
            var token = QueryHelpers.ParseQuery(url.Query).TryGetValue("auth", out var auth) ? auth.ToString() : "";
            if (owner.RefuseNext > 0)
            {
                owner.RefuseNext--;
                throw Refuse(owner.RefuseStatus, "Refused");
            }

            var (stream, cut, refusal) = owner.cloud.CheckRtsp(streamId, token);
            if (stream is null)
            {
                throw Refuse(404, refusal ?? "Not Found");
            }

            if (!owner.usedTokens.TryAdd(token, true))
            {
                throw Refuse(403, "One client per URL");
            }

            cutAt = cut;
            opened = true;
            Interlocked.Increment(ref owner.opens);
            Interlocked.Increment(ref owner.active);
            return await media.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            // Each RTSP session starts its own RTP clock: a random base, as a real server's would.
            var offset = Random.Shared.NextInt64(1, 1L << 32);
            await foreach (var frame in media.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (cutAt is { } cut && owner.cloud.Clock.GetUtcNow() >= cut)
                {
                    Interlocked.Increment(ref owner.cuts);
                    throw new CameraSourceException("The RTSP server closed the session (stream token expired).");
                }

                yield return frame with { Pts = frame.Pts + offset, Dts = frame.Dts + offset };
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (opened)
            {
                opened = false;
                Interlocked.Decrement(ref owner.active);
            }

            await media.DisposeAsync().ConfigureAwait(false);
        }

        private CameraSourceException Refuse(int status, string reason)
        {
            Interlocked.Increment(ref owner.refused);
            return new RtspStatusException("DESCRIBE", status, reason).ToSourceException();
        }
    }
}
