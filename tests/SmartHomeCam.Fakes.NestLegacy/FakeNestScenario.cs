using SmartHomeCam.NestLegacy.Protocol.Messages;

namespace SmartHomeCam.Fakes.NestLegacy;

/// <summary>Switches of the fake Nest (spec test double). Change them before the client connects; one-shot events fire once.</summary>
public sealed class FakeNestScenario
{
    /// <summary>The cookie header the fake Google accepts.</summary>
    public string Cookie { get; set; } = "SID=fake-google-session";

    /// <summary>The Nest access_token the fake login_nest accepts.</summary>
    public string NestAccessToken { get; set; } = "b.fake-nest-access-token";

    /// <summary>Google says the session ended (the user logged out).</summary>
    public bool GoogleSessionEnded { get; set; }

    /// <summary>Delay on every auth endpoint ("slow auth").</summary>
    public TimeSpan AuthDelay { get; set; }

    public bool StreamingEnabled { get; set; } = true;

    public bool CameraOnline { get; set; } = true;

    public string CameraName { get; set; } = "Front Door";

    public bool AudioEnabled { get; set; } = true;

    /// <summary>Profiles the camera lists (capabilities).</summary>
    public IList<StreamProfile> Profiles { get; } = [StreamProfile.VideoH264Mbit2L40, StreamProfile.VideoH264Kbit530L31, StreamProfile.VideoH264Kbit100L30];

    /// <summary>Profiles whose START_PLAYBACK the fake answers with PLAYBACK_END{ProfileNotAvailable}.</summary>
    public ISet<StreamProfile> UnavailableProfiles { get; } = new HashSet<StreamProfile>();

    /// <summary>(a) REDIRECT to the secondary listener right after OK, once.</summary>
    public bool RedirectAfterOk { get; set; }

    /// <summary>(b) REDIRECT to the secondary listener right after START_PLAYBACK, once.</summary>
    public bool RedirectAfterStart { get; set; }

    /// <summary>REDIRECT on every connection (a redirect loop).</summary>
    public bool RedirectAlways { get; set; }

    /// <summary>(c, f) ERROR with this code instead of OK.</summary>
    public ErrorCode? ErrorOnHello { get; set; }

    /// <summary>ERROR with this code after <see cref="EventAfterFrames"/> frames, once.</summary>
    public ErrorCode? ErrorMidStream { get; set; }

    /// <summary>(e) PLAYBACK_END with this reason after <see cref="EventAfterFrames"/> frames, once.</summary>
    public PlaybackEndReason? EndMidStream { get; set; }

    /// <summary>Stop sending media after <see cref="EventAfterFrames"/> frames, once, for this long (socket stays open).</summary>
    public TimeSpan? StallMidStream { get; set; }

    /// <summary>(d) The JWT in use expires after <see cref="EventAfterFrames"/> frames: ERROR 3, and only a newer JWT is accepted.</summary>
    public bool ExpireTokenMidStream { get; set; }

    /// <summary>Close the socket in the middle of a packet after <see cref="EventAfterFrames"/> frames, once (k).</summary>
    public bool AbruptCloseMidStream { get; set; }

    public int EventAfterFrames { get; set; } = 50;

    public Fragmentation Fragmentation { get; set; }

    /// <summary>(g, i) Every this many frames, also send unknown-type packets and a malformed PlaybackPacket (0 = never).</summary>
    public int GarbageEvery { get; set; }

    /// <summary>Frames sent back to back in one burst, then the time of the burst waited (arrival clock ≠ camera clock).</summary>
    public int Burst { get; set; } = 1;

    /// <summary>Use LONG_PLAYBACK_PACKET for every video NAL (not only those over 64 KiB).</summary>
    public bool LongPackets { get; set; }

    /// <summary>Real time pacing factor: 1 = 25 fps; 2 = twice as fast.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>timestamp_delta scale (1 = the channel clock); a silly value makes timestamps implausible.</summary>
    public int DeltaScale { get; set; } = 1;
}
