using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartHomeCam.Fakes.Nest.WebRtc;

/// <summary>
/// Google's WebRTC peer for the fake SDM (spec §7.4), played by aiortc — an independent implementation — in a
/// python process shipped with this project (<c>WebRtc/fake_nest_webrtc_peer.py</c>). It answers offers with
/// Google's quirks, sends generated H.264 (and, with <see cref="Audio"/>, an Opus tone), makes a key frame on PLI,
/// stops at expiry and can drop RTP.
/// One process serves every session of a test.
/// </summary>
public sealed class FakeNestWebRtcPeer : IAsyncDisposable
{
    /// <summary>Debian's python3-aiortc is installed for the system interpreter, not for any other python on PATH.</summary>
    public const string DefaultPython = "/usr/bin/python3";

    private readonly Process process;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> plis = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> ended = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly Task reader;
    private readonly System.Text.StringBuilder errors = new();
    private int connected;

    private FakeNestWebRtcPeer(Process process)
    {
        this.process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    if (errors.Length < 16_000)
                    {
                        errors.AppendLine(e.Data);
                    }
                }
            }
        };
        process.BeginErrorReadLine();
        reader = Task.Run(ReadAsync);
    }

    /// <summary>Fraction of RTP packets each new session drops (0.02 for the loss test).</summary>
    public double DropRate { get; set; }

    /// <summary>Add a second H.264 payload type and RTX to answers (Google does, sometimes).</summary>
    public bool RtxQuirks { get; set; } = true;

    /// <summary>New sessions also send audio: a 440 Hz tone as 20 ms Opus packets, as a Nest camera's microphone would.</summary>
    public bool Audio { get; set; }

    /// <summary>PLIs the peer acted on, over all sessions.</summary>
    public int Plis => plis.Values.Sum();

    public int PlisOf(string mediaSessionId) => plis.GetValueOrDefault(mediaSessionId);

    /// <summary>Sessions whose DTLS/ICE connected.</summary>
    public int Connected => Volatile.Read(ref connected);

    /// <summary>Why a session ended (expired, stopped, failed), by media session id.</summary>
    public IReadOnlyDictionary<string, string> Ended => ended;

    /// <summary>What the python side wrote to stderr (for failure messages).</summary>
    public string Errors
    {
        get
        {
            lock (errors)
            {
                return errors.ToString();
            }
        }
    }

    public static async Task<FakeNestWebRtcPeer> StartAsync(string? python = null)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "WebRtc", "fake_nest_webrtc_peer.py");
        var start = new ProcessStartInfo(python ?? Environment.GetEnvironmentVariable("SMARTHOMECAM_PYTHON") ?? DefaultPython)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-u");
        start.ArgumentList.Add(script);
        var process = Process.Start(start) ?? throw new InvalidOperationException("python did not start");
        var peer = new FakeNestWebRtcPeer(process);
        try
        {
            await peer.ready.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var why = peer.Errors;
            await peer.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("The aiortc peer did not start (python3-aiortc installed?): " + why, e);
        }

        return peer;
    }

    public async Task<string> AnswerAsync(string mediaSessionId, string offer, TimeSpan lifetime)
    {
        var reply = await RequestAsync(new JsonObject
        {
            ["op"] = "offer",
            ["id"] = mediaSessionId,
            ["sdp"] = offer,
            ["lifetime"] = lifetime.TotalSeconds,
            ["drop"] = DropRate,
            ["rtxQuirks"] = RtxQuirks,
            ["audio"] = Audio,
        }).ConfigureAwait(false);
        return reply["answer"]?.GetValue<string>() ?? throw new InvalidOperationException("aiortc refused the offer: " + reply["error"]);
    }

    public Task ExtendAsync(string mediaSessionId, TimeSpan lifetime) =>
        RequestAsync(new JsonObject { ["op"] = "extend", ["id"] = mediaSessionId, ["lifetime"] = lifetime.TotalSeconds });

    public Task StopAsync(string mediaSessionId) => RequestAsync(new JsonObject { ["op"] = "stop", ["id"] = mediaSessionId });

    public async ValueTask DisposeAsync()
    {
        try
        {
            process.StandardInput.Close();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }

        await reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        process.Dispose();
        writeGate.Dispose();
    }

    private async Task<JsonObject> RequestAsync(JsonObject request)
    {
        var id = request["id"]!.GetValue<string>() + ":" + request["op"]!.GetValue<string>();
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[id] = reply;
        await writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await process.StandardInput.WriteLineAsync(request.ToJsonString()).ConfigureAwait(false);
            await process.StandardInput.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            writeGate.Release();
        }

        try
        {
            return await reply.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        finally
        {
            waiting.TryRemove(id, out _);
        }
    }

    private async Task ReadAsync()
    {
        while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            JsonObject? message;
            try
            {
                message = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                continue;
            }

            if (message is null)
            {
                continue;
            }

            var id = message["id"]?.GetValue<string>() ?? "";
            switch (message["event"]?.GetValue<string>())
            {
                case "ready":
                    ready.TrySetResult();
                    continue;
                case "pli":
                    plis.AddOrUpdate(id, 1, (_, n) => n + 1);
                    continue;
                case "connected":
                    Interlocked.Increment(ref connected);
                    continue;
                case "ended":
                    ended[id] = message["reason"]?.GetValue<string>() ?? "";
                    continue;
            }

            var op = message["op"]?.GetValue<string>() ?? "";
            if (waiting.TryGetValue(id + ":" + op, out var reply))
            {
                reply.TrySetResult(message);
            }
        }

        ready.TrySetException(new IOException("The aiortc peer exited."));
        foreach (var reply in waiting.Values)
        {
            reply.TrySetException(new IOException("The aiortc peer exited."));
        }
    }
}
