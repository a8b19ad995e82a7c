using System.Globalization;
using SmartHomeCam.Arlo;
using SmartHomeCam.Cameras.Connections;

namespace SmartHomeCam.Server.Cli;

/// <summary>
/// <c>cameras arlo list</c> (what the basestation discovered) and <c>cameras arlo claim &lt;serial&gt; [--camera NAME]
/// [--room ROOM] [--transport udp|tcp]</c>, which adds the "arlo" connection that makes it a camera of the account.
/// </summary>
internal static class ArloCamerasCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string userId, ParsedArguments args, TextWriter output)
    {
        var verb = args.Positional.ElementAtOrDefault(1) ?? "list";
        switch (verb)
        {
            case "list":
                var claims = services.GetRequiredService<ArloClaims>();
                foreach (var c in await services.GetRequiredService<ArloCameraRegistry>().ListAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    var claimed = (await claims.FindAsync(c.Serial, CancellationToken.None).ConfigureAwait(false)).Count > 0;
                    await output.WriteLineAsync(string.Join('\t', c.Serial, c.Model, c.IpAddress,
                        c.BatteryPercent is { } b ? b.ToString(CultureInfo.InvariantCulture) + "%" : "-",
                        c.LastSeenAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
                        claimed ? "claimed" : "unclaimed")).ConfigureAwait(false);
                }

                return 0;
            case "claim":
                var serial = args.Positional.ElementAtOrDefault(2) ?? throw new UsageException("cameras arlo claim needs a serial (see 'cameras arlo list').");
                var fields = new Dictionary<string, string>(StringComparer.Ordinal) { [ArloCameraProvider.SerialField] = serial };
                foreach (var (option, field) in new[] { ("camera", ArloCameraProvider.CameraField), ("name", ArloCameraProvider.CameraField), ("room", ArloCameraProvider.RoomField), ("transport", ArloCameraProvider.TransportField) })
                {
                    if (args.Get(option) is { } value)
                    {
                        fields[field] = value;
                    }
                }

                var added = await services.GetRequiredService<ConnectionManager>()
                    .AddAsync(userId, ArloCameraProvider.ProviderId, new ConnectionRequest(fields.GetValueOrDefault(ArloCameraProvider.CameraField) ?? serial, fields, null), CancellationToken.None)
                    .ConfigureAwait(false);
                await output.WriteLineAsync($"Claimed {serial} as {added.DisplayName} (connection {added.Id:N}).").ConfigureAwait(false);
                return added.LastError is null ? 0 : 1;
            default:
                throw new UsageException($"unknown cameras arlo verb '{verb}'; one of: list, claim.");
        }
    }
}
