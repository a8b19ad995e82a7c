using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SmartHomeCam.Fakes.Rtsp;

namespace SmartHomeCam.Fakes.Arlo;

/// <summary>
/// A simulated Arlo camera (spec "test double"): registers with the basestation, answers commands on its command
/// port, streams <c>/live</c> through <see cref="FakeRtspServer"/> with the Arlo rules on (cut at 6 s without RRs
/// once they started; keep streaming to nobody without TEARDOWN), sends status and alerts on demand.
/// </summary>
public sealed class FakeArloCamera : IAsyncDisposable
{
    private static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(10);
    private readonly FakeArloCameraOptions _options;
    private readonly TcpListener _commands;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, JsonNode?> _registers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<JsonObject> _received = new();
    private int _nextId;
    private int _rtcpDisconnects;
    private Task? _accept;
    private Task? _status;

    public FakeArloCamera(FakeArloCameraOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _commands = new TcpListener(options.Address, options.CommandPort);
        var rtsp = FakeRtspServerOptions.Arlo(options.Media);
        Rtsp = new FakeRtspServer(new FakeRtspServerOptions
        {
            Media = rtsp.Media,
            BindAddress = options.Address,
            Port = options.RtspPort,
            ReceiverReportTimeout = options.ReceiverReportTimeout,
            OrphanLinger = rtsp.OrphanLinger,
            SingleSession = rtsp.SingleSession,
            SenderReportInterval = rtsp.SenderReportInterval,
        });
        Rtsp.StreamEnded += OnStreamEnded;
    }

    public string Serial => _options.Serial;

    public IPAddress Address => _options.Address;

    /// <summary>Where the camera's "gateway" port 4000 is; set before registering.</summary>
    public IPEndPoint? Basestation
    {
        get => _options.Basestation;
        set => _options.Basestation = value;
    }

    public FakeRtspServer Rtsp { get; }

    public int CommandPort => ((IPEndPoint)_commands.LocalEndpoint).Port;

    public int RtspPort => Rtsp.Port;

    /// <summary>Registers as last set by <c>registerSet</c>.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Registers => _registers;

    /// <summary>Every command received, in order.</summary>
    public IReadOnlyCollection<JsonObject> Received => [.. _received];

    /// <summary>Registrations the basestation Acked.</summary>
    public int Registrations { get; private set; }

    public int RtcpDisconnects => Volatile.Read(ref _rtcpDisconnects);

    /// <summary>The battery level the next registration or status reports.</summary>
    public void BatteryPercentChanged(int percent) => _options.BatteryPercent = percent;

    public async Task StartAsync(bool register = true)
    {
        _commands.Start();
        Rtsp.Start();
        _accept = AcceptAsync();
        if (register)
        {
            await RegisterAsync().ConfigureAwait(false);
        }

        if (_options.StatusInterval is { } interval)
        {
            _status = StatusLoopAsync(interval);
        }
    }

    /// <summary>Sends <c>registration</c> until Acked with the same ID (back-off 0.5 s, 1 s, …, 10 attempts).</summary>
    public async Task RegisterAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await SendAsync(Registration()).ConfigureAwait(false))
            {
                Registrations++;
                return;
            }

            if (attempt >= 9)
            {
                throw new InvalidOperationException("The basestation never Acked the registration.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500 * (attempt + 1)), _stop.Token).ConfigureAwait(false);
        }
    }

    public Task<bool> SendStatusAsync() => SendAsync(Status());

    /// <summary>A PIR motion alert (spec §2), without serial as real cameras often send it; zones as given.</summary>
    public Task<bool> SendMotionAsync(params string[] zones) => SendAsync(new JsonObject
    {
        ["Type"] = "alert",
        ["ID"] = NextId(),
        ["AlertType"] = "pirMotionAlert",
        ["PIRMotion"] = new JsonObject
        {
            ["Triggered"] = true,
            ["TriggerLevel"] = 7970,
            ["zones"] = new JsonArray([.. zones.Select(z => (JsonNode)z)]),
        },
    });

    public Task<bool> SendButtonPressAsync() => SendAsync(new JsonObject
    {
        ["Type"] = "alert",
        ["ID"] = NextId(),
        ["SystemSerialNumber"] = Serial,
        ["AlertType"] = "buttonPressAlert",
        ["ButtonPress"] = new JsonObject { ["Triggered"] = true },
    });

    /// <summary>Sends one message to the basestation; true when it Acked with our ID.</summary>
    public async Task<bool> SendAsync(JsonObject message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var basestation = _options.Basestation ?? throw new InvalidOperationException("Set the basestation first.");
            var reply = await FakeArloWire.ExchangeAsync(Address, basestation, message, ExchangeTimeout, _stop.Token).ConfigureAwait(false);
            return reply?["Response"]?.GetValue<string>() is "Ack" && reply["ID"]?.ToJsonString() == message["ID"]?.ToJsonString();
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _commands.Stop();
        if (_accept is not null)
        {
            await _accept.ConfigureAwait(false);
        }

        if (_status is not null)
        {
            await _status.ConfigureAwait(false);
        }

        await Rtsp.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private int NextId() => Interlocked.Increment(ref _nextId);

    private JsonObject Registration() => new()
    {
        ["Type"] = "registration",
        ["ID"] = NextId(),
        ["SystemSerialNumber"] = Serial,
        ["SystemModelNumber"] = _options.Model,
        ["SystemFirmwareVersion"] = _options.Firmware,
        ["UpdateSystemModelNumber"] = _options.Model,
        ["CommProtocolVersion"] = 1,
        ["BatPercent"] = _options.BatteryPercent,
        ["SignalStrengthIndicator"] = 4,
        ["BatTech"] = "Rechargeable",
        ["ChargerTech"] = "None",
        ["ChargingState"] = "Off",
        ["Temperature"] = 20,
        ["InterfaceVersion"] = 1,
        ["Capabilities"] = new JsonArray([.. _options.Capabilities.Select(c => (JsonNode)c)]),
        ["HardwareRevision"] = "H3",
        ["Sync"] = false,
        ["BootSeconds"] = 4,
    };

    private JsonObject Status() => new()
    {
        ["Type"] = "status",
        ["ID"] = NextId(),
        ["SystemSerialNumber"] = Serial,
        ["SystemFirmwareVersion"] = _options.Firmware,
        ["HardwareRevision"] = "H3",
        ["UpdateSystemModelNumber"] = _options.Model,
        ["BatPercent"] = _options.BatteryPercent,
        ["BatTech"] = "Rechargeable",
        ["ChargerTech"] = "None",
        ["ChargingState"] = "Off",
        ["Temperature"] = 21,
        ["SignalStrengthIndicator"] = 4,
        ["CameraOnline"] = 1,
        ["RtcpDiscCnt"] = RtcpDisconnects,
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _commands.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        var followUpStatus = false;
        using (client)
        {
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                cts.CancelAfter(ExchangeTimeout);
                var stream = client.GetStream();
                var command = await FakeArloWire.ReadAsync(stream, cts.Token).ConfigureAwait(false);
                if (command is null)
                {
                    return;
                }

                _received.Enqueue(command);
                var (reply, status) = Answer(command);
                followUpStatus = status;
                await stream.WriteAsync(FakeArloWire.Encode(reply), cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or InvalidOperationException)
            {
                return;
            }
        }

        if (followUpStatus)
        {
            // Spec test double §3: a status on a new connection ~0.5 s after statusRequest.
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), _stop.Token).ConfigureAwait(false);
                await SendStatusAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Spec test double §4: Ack known commands (storing registers), Ack with Errors for bad payloads, Nack unknown.</summary>
    private (JsonObject Reply, bool Status) Answer(JsonObject command)
    {
        var id = command["ID"]?.DeepClone();
        var type = command["Type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        JsonObject Reply(string response, params string[] errors)
        {
            var reply = new JsonObject { ["Type"] = "response", ["ID"] = id, ["Response"] = response };
            if (errors.Length > 0)
            {
                reply["Errors"] = new JsonArray([.. errors.Select(e => (JsonNode)e)]);
            }

            return reply;
        }

        switch (type)
        {
            case "registerSet":
                if (command["SetValues"] is not JsonObject values)
                {
                    return (Reply("Ack with Errors", "Missing SetValues"), false);
                }

                foreach (var (name, value) in values)
                {
                    _registers[name] = value?.DeepClone();
                }

                if (_options.RejectsUserStreamActive && values.ContainsKey("UserStreamActive"))
                {
                    return (Reply("Ack with Errors", "Error Handling Register UserStreamActive"), false);
                }

                return (Reply("Ack"), false);
            case "registerGet":
                var get = new JsonObject();
                foreach (var name in (command["GetValues"] as JsonArray ?? new JsonArray()).OfType<JsonValue>().Select(n => n.ToString()))
                {
                    if (_registers.TryGetValue(name, out var value))
                    {
                        get[name] = value?.DeepClone();
                    }
                }

                var answer = Reply("Ack");
                answer["GetReturn"] = get;
                return (answer, false);
            case "statusRequest":
                return (Reply("Ack"), true);
            case "raParams" or "fullSnapshot" or "motionZone":
                return (Reply("Ack"), false);
            default:
                return (Reply("Nack"), false);
        }
    }

    private void OnStreamEnded(FakeRtspStreamEnd end)
    {
        if (end.Reason != FakeRtspEndReason.ReceiverReportTimeout || _stop.IsCancellationRequested)
        {
            return;
        }

        // Spec §3: the camera drops the client and re-authenticates to Wi-Fi, then registers again.
        Interlocked.Increment(ref _rtcpDisconnects);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(_options.SilenceAfterCut, _stop.Token).ConfigureAwait(false);
                await RegisterAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or ObjectDisposedException)
            {
            }
        });
    }

    private async Task StatusLoopAsync(TimeSpan interval)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
                await SendStatusAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
