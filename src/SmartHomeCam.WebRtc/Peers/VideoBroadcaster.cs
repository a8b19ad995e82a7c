using System.Globalization;
using SmartHomeCam.Media.H264;
using SmartHomeCam.WebRtc.Rtp;

namespace SmartHomeCam.WebRtc.Peers;

/// <summary>
/// One camera's video for its WebRTC viewers: each access unit is packetized once (FU-A/STAP-A within the MTU)
/// and handed to every attached peer; the current GOP is kept so a new viewer or a PLI starts on a key frame
/// at once; SPS/PPS are remembered and put before an IDR that lacks them. <see cref="Publish"/> is called by
/// the capture loop, one frame at a time; everything else may come from any thread. Frames are pooled (no allocation per frame
/// once warm).
/// </summary>
public sealed class VideoBroadcaster
{
    private readonly H264Packetizer packetizer = new();
    private readonly RtpPayloadList payloads = new();
    private readonly EncodedFramePool<EncodedVideoFrame> framePool = new();
    private readonly PeerSet peers = new();
    private readonly TaskCompletionSource parameterSetsKnown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? sps;
    private byte[]? pps;
    private GroupOfPictures gop = new();
    private byte[] scratch = new byte[256 * 1024];

    public int PeerCount => peers.Count;

    /// <summary><c>profile-level-id</c> from the camera's SPS (profile_idc, constraint flags, level_idc), once known.</summary>
    public string? ProfileLevelId { get; private set; }

    /// <summary>Waits (bounded) until the SPS is known; false on timeout (the answer then takes the offer's profile).</summary>
    public async Task<bool> WaitForParameterSetsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await parameterSetsKnown.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Attach(WebRtcPeer peer)
    {
        peers.Add(peer);
    }

    public void Detach(WebRtcPeer peer)
    {
        peers.Remove(peer);
    }

    /// <summary>Out-of-band parameter sets (e.g. from an RTSP SDP), Annex B.</summary>
    public void DeclareParameterSets(ReadOnlySpan<byte> annexB)
    {
        foreach (var nal in AnnexB.EnumerateNalUnits(annexB))
        {
            Remember(nal);
        }
    }

    /// <summary>Packetizes one access unit and hands it to every peer. Never blocks on a peer.</summary>
    public void Publish(ReadOnlySpan<byte> accessUnit, long pts, bool isKeyFrame)
    {
        var hasSps = false;
        var hasPps = false;
        foreach (var nal in AnnexB.EnumerateNalUnits(accessUnit))
        {
            var type = NalUnitType.Of(nal);
            hasSps |= type == NalUnitType.Sps;
            hasPps |= type == NalUnitType.Pps;
            Remember(nal);
        }

        payloads.Clear();
        if (isKeyFrame && (!hasSps || !hasPps) && sps is not null && pps is not null)
        {
            packetizer.Packetize(WithParameterSets(accessUnit), payloads);
        }
        else
        {
            packetizer.Packetize(accessUnit, payloads);
        }

        if (payloads.Count == 0)
        {
            return;
        }

        if (isKeyFrame)
        {
            gop.Close();
            gop = new GroupOfPictures();
        }

        // Pooled and reference counted (see EncodedVideoFrame): our reference lasts while we hand it out.
        var frame = EncodedVideoFrame.Create(framePool, payloads, pts, isKeyFrame, gop);
        try
        {
            foreach (var peer in peers.Snapshot)
            {
                peer.Enqueue(frame);
            }
        }
        finally
        {
            frame.Release();
        }
    }

    private ReadOnlySpan<byte> WithParameterSets(ReadOnlySpan<byte> accessUnit)
    {
        var needed = 8 + sps!.Length + pps!.Length + accessUnit.Length;
        if (scratch.Length < needed)
        {
            scratch = new byte[needed * 2];
        }

        var at = 0;
        foreach (var set in new[] { sps, pps })
        {
            AnnexB.StartCode.CopyTo(scratch.AsSpan(at));
            set.CopyTo(scratch, at + 4);
            at += 4 + set.Length;
        }

        accessUnit.CopyTo(scratch.AsSpan(at));
        return scratch.AsSpan(0, at + accessUnit.Length);
    }

    private void Remember(ReadOnlySpan<byte> nal)
    {
        switch (NalUnitType.Of(nal))
        {
            case NalUnitType.Sps when sps is null || !nal.SequenceEqual(sps):
                sps = nal.ToArray();
                if (SpsParser.TryParse(nal) is { } parsed)
                {
                    ProfileLevelId = string.Create(CultureInfo.InvariantCulture, $"{parsed.ProfileIdc:x2}{parsed.ConstraintFlags:x2}{parsed.LevelIdc:x2}");
                }

                break;
            case NalUnitType.Pps when pps is null || !nal.SequenceEqual(pps):
                pps = nal.ToArray();
                break;
        }

        if (sps is not null && pps is not null && ProfileLevelId is not null)
        {
            parameterSetsKnown.TrySetResult();
        }
    }
}
