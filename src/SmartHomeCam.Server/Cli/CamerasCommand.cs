using System.Globalization;
using Microsoft.AspNetCore.Identity;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;

namespace SmartHomeCam.Server.Cli;

/// <summary>
/// <c>cameras …</c>: an account's provider connections and cameras from the command line. Works on the database
/// directly, so the running server picks changes up at its next listing and delivers raised events itself.
/// </summary>
internal static class CamerasCommand
{
    public static async Task<int> RunAsync(WebApplication app, ParsedArguments args, TextReader input, TextWriter output, TextWriter error)
    {
        var verb = args.Positional.FirstOrDefault() ?? throw new UsageException("cameras needs a verb: " + Verbs);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var email = args.Require("email");
        var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email).ConfigureAwait(false);
        if (user is null)
        {
            await error.WriteLineAsync($"error: no account {email}.").ConfigureAwait(false);
            return 1;
        }

        var connections = services.GetRequiredService<ConnectionManager>();
        var owner = services.GetRequiredService<CameraOwnerSettings>();
        try
        {
            switch (verb)
            {
                case "list":
                    return await ListCamerasAsync(services.GetRequiredService<ICameraCatalog>(), user.Id, output).ConfigureAwait(false);
                case "connections":
                    foreach (var c in await connections.ListAsync(user.Id, CancellationToken.None).ConfigureAwait(false))
                    {
                        await output.WriteLineAsync(string.Join('\t', c.Id.ToString("N"), c.ProviderId, c.DisplayName, $"{c.CameraCount} camera(s)", Status(c))).ConfigureAwait(false);
                    }

                    return 0;
                case "add":
                    return await AddAsync(connections, user.Id, args, input, output).ConfigureAwait(false);
                case "rename":
                    return await Report(await owner.RenameAsync(user.Id, Argument(args, 1, "a device id"), Rest(args, 2), CancellationToken.None).ConfigureAwait(false), "Renamed.", output, error).ConfigureAwait(false);
                case "room":
                    return await Report(await owner.SetRoomAsync(user.Id, Argument(args, 1, "a device id"), Rest(args, 2), CancellationToken.None).ConfigureAwait(false), "Room set.", output, error).ConfigureAwait(false);
                case "remove":
                {
                    var target = Argument(args, 1, "a device id or connection id");
                    var removed = Guid.TryParse(target, out var connectionId)
                        ? await connections.RemoveAsync(user.Id, connectionId, CancellationToken.None).ConfigureAwait(false)
                        : await owner.RemoveAsync(user.Id, target, CancellationToken.None).ConfigureAwait(false);
                    return await Report(removed, "Removed.", output, error).ConfigureAwait(false);
                }

                case "reconnect":
                case "error":
                {
                    var id = ParseConnectionId(Argument(args, 1, "a connection id"));
                    var credential = args.Has("password-stdin") ? (await input.ReadLineAsync().ConfigureAwait(false))?.TrimEnd('\r', '\n') : null;
                    var summary = verb == "reconnect"
                        ? await connections.ReconnectAsync(user.Id, id, credential, CancellationToken.None).ConfigureAwait(false)
                        : await connections.FindAsync(user.Id, id, CancellationToken.None).ConfigureAwait(false);
                    if (summary is null)
                    {
                        return await Report(false, "", output, error).ConfigureAwait(false);
                    }

                    await output.WriteLineAsync($"{summary.DisplayName}: {Status(summary)}").ConfigureAwait(false);
                    return verb == "reconnect" && summary.LastError is not null ? 1 : 0;
                }

                case "arlo":
                    return await ArloCamerasCommand.RunAsync(services, user.Id, args, output).ConfigureAwait(false);
                case "demo-event":
                    return await RaiseDemoEventAsync(services.GetRequiredService<DemoEventRaiser>(), user.Id, args, output).ConfigureAwait(false);
                default:
                    throw new UsageException($"unknown cameras verb '{verb}'; one of: {Verbs}.");
            }
        }
        catch (Exception e) when (e is ConnectionRejectedException or ArgumentException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private const string Verbs = "list, connections, add, rename, room, remove, reconnect, error, demo-event, arlo";

    private static async Task<int> ListCamerasAsync(ICameraCatalog catalog, string userId, TextWriter output)
    {
        foreach (var camera in await catalog.ListAsync(userId, refresh: true, CancellationToken.None).ConfigureAwait(false))
        {
            var state = camera.Online ? "online" : camera.ProviderUnreachable ? "offline (provider unreachable)" : "offline";
            await output.WriteLineAsync(string.Join('\t', camera.DeviceId, camera.Name, camera.Room ?? "-", state, camera.ProviderId,
                camera.ConnectionId?.ToString("N") ?? "-")).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task<int> AddAsync(ConnectionManager connections, string userId, ParsedArguments args, TextReader input, TextWriter output)
    {
        var providerId = Argument(args, 1, "a provider (" + string.Join(", ", connections.Providers.Select(p => p.Id)) + ")");
        var provider = connections.Providers.FirstOrDefault(p => p.Id == providerId)
            ?? throw new UsageException($"unknown provider '{providerId}'; one of: {string.Join(", ", connections.Providers.Select(p => p.Id))}.");
        var fields = provider.Fields.Where(f => args.Get(f.Name) is not null).ToDictionary(f => f.Name, f => args.Get(f.Name)!);
        var credential = args.Has("password-stdin") ? (await input.ReadLineAsync().ConfigureAwait(false))?.TrimEnd('\r', '\n') : null;
        var added = await connections.AddAsync(userId, providerId, new ConnectionRequest(args.Get("name") ?? "", fields, credential), CancellationToken.None).ConfigureAwait(false);
        await output.WriteLineAsync($"Connected {added.DisplayName} (connection {added.Id:N}): {added.CameraCount} camera(s), {Status(added)}").ConfigureAwait(false);
        return added.LastError is null ? 0 : 1;
    }

    private static async Task<int> RaiseDemoEventAsync(DemoEventRaiser raiser, string userId, ParsedArguments args, TextWriter output)
    {
        var deviceId = Argument(args, 1, "a device id");
        var kindText = Argument(args, 2, "an event kind (" + string.Join(", ", Enum.GetNames<CameraEventKind>()).ToLowerInvariant() + ")");
        if (!Enum.TryParse<CameraEventKind>(kindText, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            throw new UsageException($"unknown event kind '{kindText}'.");
        }

        int? battery = null;
        if (args.Get("battery") is { } level)
        {
            battery = int.TryParse(level, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new UsageException("--battery takes 0 to 100.");
        }

        var outcome = await raiser.RaiseAsync(userId, deviceId, kind, battery, args.Get("event-id"), CancellationToken.None).ConfigureAwait(false);
        await output.WriteLineAsync(outcome switch
        {
            { EventId: null } => $"Camera is now {kindText.ToLowerInvariant()}; the change is recorded as an event.",
            { Recorded: true } => $"Event {outcome.EventId} recorded; the running server delivers it.",
            _ => $"Event {outcome.EventId} was already recorded; nothing new.",
        }).ConfigureAwait(false);
        return 0;
    }

    private static string Status(ConnectionSummary c) => c.LastError is null
        ? c.LastListedAt is { } at ? "ok, listed " + at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "not listed yet"
        : $"error since {c.LastErrorAt?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}: {c.LastError}";

    private static Guid ParseConnectionId(string text) =>
        Guid.TryParse(text, out var id) ? id : throw new UsageException($"'{text}' is not a connection id (see 'cameras connections').");

    private static string Argument(ParsedArguments args, int index, string what) =>
        args.Positional.ElementAtOrDefault(index) ?? throw new UsageException($"cameras {args.Positional[0]} needs {what}.");

    /// <summary>The remaining words as one value (names with spaces need no quoting); null when there are none.</summary>
    private static string? Rest(ParsedArguments args, int from) =>
        args.Positional.Count > from ? string.Join(' ', args.Positional.Skip(from)) : null;

    private static async Task<int> Report(bool done, string message, TextWriter output, TextWriter error)
    {
        if (!done)
        {
            await error.WriteLineAsync("error: no such camera or connection on this account.").ConfigureAwait(false);
            return 1;
        }

        await output.WriteLineAsync(message).ConfigureAwait(false);
        return 0;
    }
}
