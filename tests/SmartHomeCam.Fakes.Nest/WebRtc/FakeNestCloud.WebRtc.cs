using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SmartHomeCam.Fakes.Nest.WebRtc;

namespace SmartHomeCam.Fakes.Nest;

/// <summary>
/// The WEB_RTC commands of the fake SDM when a <see cref="WebRtcPeer"/> is attached (spec §3, §4, §7.2): Generate
/// forwards our offer to the aiortc peer and returns its (quirky) answer with a media session id and
/// <c>expiresAt</c>; Extend moves the expiry (wired devices only: a battery doorbell answers FAILED_PRECONDITION);
/// Stop ends the session. Without a peer the original stub answers stay in force.
/// </summary>
public sealed partial class FakeNestCloud
{
    private readonly ConcurrentDictionary<string, FakeNestWebRtcSession> webRtcSessions = new(StringComparer.Ordinal);
    private int webRtcGenerates;
    private int webRtcExtends;
    private int webRtcStops;

    /// <summary>The independent WebRTC peer that answers offers; null: Generate returns a stub answer.</summary>
    public FakeNestWebRtcPeer? WebRtcPeer { get; set; }

    public int WebRtcGenerates => Volatile.Read(ref webRtcGenerates);

    public int WebRtcExtends => Volatile.Read(ref webRtcExtends);

    public int WebRtcStops => Volatile.Read(ref webRtcStops);

    public IReadOnlyCollection<FakeNestWebRtcSession> WebRtcSessions => webRtcSessions.Values.ToList();

    private async Task<IResult?> WebRtcCommandAsync(Account account, FakeNestDevice device, string command, JsonObject p)
    {
        const string ns = "sdm.devices.commands.CameraLiveStream.";
        var peer = WebRtcPeer;
        if (peer is null || !device.IsWebRtc || !command.StartsWith(ns, StringComparison.Ordinal))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        switch (command[ns.Length..])
        {
            case "GenerateWebRtcStream":
            {
                var offer = p["offerSdp"]?.GetValue<string>() ?? "";
                var kinds = offer.Split('\n').Where(l => l.StartsWith("m=", StringComparison.Ordinal)).Select(l => l[2..].Split(' ')[0]).ToArray();
                if (!kinds.SequenceEqual(["audio", "video", "application"]))
                {
                    return ApiError(400, "INVALID_ARGUMENT", "Invalid SDP offer: m-lines must be audio, video, application.");
                }

                Interlocked.Increment(ref webRtcGenerates);
                var id = "ms-" + Random();
                string answer;
                try
                {
                    answer = await peer.AnswerAsync(id, offer, StreamLifetime).ConfigureAwait(false);
                }
                catch (InvalidOperationException e)
                {
                    return ApiError(400, "INVALID_ARGUMENT", "Invalid SDP offer: " + e.Message);
                }

                var session = new FakeNestWebRtcSession(id, device.Id, account.Name) { ExpiresAt = now + StreamLifetime };
                webRtcSessions[id] = session;
                return Results.Text(new JsonObject
                {
                    ["results"] = new JsonObject
                    {
                        ["answerSdp"] = answer,
                        ["expiresAt"] = Rfc3339(session.ExpiresAt),
                        ["mediaSessionId"] = id,
                    },
                }.ToJsonString(), "application/json");
            }

            case "ExtendWebRtcStream":
            case "StopWebRtcStream":
            {
                var id = p["mediaSessionId"]?.GetValue<string>() ?? "";
                if (!webRtcSessions.TryGetValue(id, out var session) || session.DeviceId != device.Id || session.User != account.Name
                    || session.Stopped || session.ExpiresAt <= now)
                {
                    return ApiError(400, "INVALID_ARGUMENT", "Invalid mediaSessionId.");
                }

                if (command.EndsWith("StopWebRtcStream", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref webRtcStops);
                    session.Stopped = true;
                    await peer.StopAsync(id).ConfigureAwait(false);
                    return Results.Text("{}", "application/json");
                }

                if (device.Battery && device.Type == FakeNestDevice.Doorbell)
                {
                    return ApiError(400, "FAILED_PRECONDITION", "Command is not supported for doorbell.");
                }

                Interlocked.Increment(ref webRtcExtends);
                session.ExpiresAt = now + StreamLifetime;
                await peer.ExtendAsync(id, StreamLifetime).ConfigureAwait(false);
                return Results.Text(new JsonObject
                {
                    ["results"] = new JsonObject { ["expiresAt"] = Rfc3339(session.ExpiresAt), ["mediaSessionId"] = id },
                }.ToJsonString(), "application/json");
            }

            default:
                return null;
        }
    }
}

/// <summary>One WebRTC media session the fake SDM handed out.</summary>
public sealed class FakeNestWebRtcSession(string id, string deviceId, string user)
{
    public string Id { get; } = id;

    public string DeviceId { get; } = deviceId;

    public string User { get; } = user;

    public DateTimeOffset ExpiresAt { get; set; }

    public bool Stopped { get; set; }
}
