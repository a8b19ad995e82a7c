namespace SmartHomeCam.NestLegacy.Protocol;

/// <summary>
/// The first byte of every nexustalk packet (spec §3). 1 and 1xx go from client to server, 2xx from server to
/// client, except <see cref="AuthorizeRequest"/>, which the client sends.
/// </summary>
public enum PacketType : byte
{
    Ping = 1,
    Hello = 100,
    PingCamera = 101,
    AudioPayload = 102,
    StartPlayback = 103,
    StopPlayback = 104,
    ClockSyncEcho = 105,
    LatencyMeasure = 106,
    TalkbackLatency = 107,
    MetadataRequest = 108,
    Ok = 200,
    Error = 201,
    PlaybackBegin = 202,
    PlaybackEnd = 203,
    PlaybackPacket = 204,

    /// <summary>The only type with a 4-byte length (spec §3).</summary>
    LongPlaybackPacket = 205,
    ClockSync = 206,
    Redirect = 207,
    TalkbackBegin = 208,
    TalkbackEnd = 209,
    Metadata = 210,
    MetadataError = 211,
    AuthorizeRequest = 212,
}
