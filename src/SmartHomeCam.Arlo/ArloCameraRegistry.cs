using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Arlo.Protocol;
using SmartHomeCam.Data;

namespace SmartHomeCam.Arlo;

/// <summary>
/// The persistent list of cameras the basestation has heard from (serial → address and last report). Writes are
/// serialised: cameras send registration and status close together.
/// </summary>
public sealed class ArloCameraRegistry(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    private const int MaxText = 200;
    private readonly SemaphoreSlim _writes = new(1, 1);

    public async Task<IReadOnlyList<ArloCameraRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.ArloCameras.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.Serial, StringComparer.Ordinal)];
    }

    public async Task<ArloCameraRecord?> FindAsync(string serial, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.ArloCameras.AsNoTracking().FirstOrDefaultAsync(c => c.Serial == serial, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ArloCameraRecord?> FindByAddressAsync(string ipAddress, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.ArloCameras.AsNoTracking().Where(c => c.IpAddress == ipAddress).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderByDescending(r => r.LastSeenAt).FirstOrDefault();
    }

    /// <summary>
    /// Records a registration or status from <paramref name="ipAddress"/> (a status before any registration creates
    /// the camera: VMC4040P after deep sleep). Returns the row before and after.
    /// </summary>
    public async Task<(ArloCameraRecord? Before, ArloCameraRecord After)> RecordAsync(
        string serial, string ipAddress, JsonObject message, bool registration, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.ArloCameras.FirstOrDefaultAsync(c => c.Serial == serial, cancellationToken).ConfigureAwait(false);
            var before = row is null ? null : Copy(row);
            var now = clock.GetUtcNow();
            if (row is null)
            {
                row = new ArloCameraRecord { Serial = serial, FirstSeenAt = now };
                db.ArloCameras.Add(row);
            }

            row.IpAddress = ipAddress;
            row.LastSeenAt = now;
            if (registration)
            {
                row.LastRegisteredAt = now;
            }

            Apply(row, message);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return (before, Copy(row));
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Marks the camera seen (an alert from its address).</summary>
    public async Task TouchAsync(string serial, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.ArloCameras.FirstOrDefaultAsync(c => c.Serial == serial, cancellationToken).ConfigureAwait(false) is { } row)
            {
                row.LastSeenAt = clock.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task<bool> ForgetAsync(string serial, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.ArloCameras.Where(c => c.Serial == serial).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public void Dispose() => _writes.Dispose();

    private static void Apply(ArloCameraRecord row, JsonObject message)
    {
        row.Model = Clip(ArloMessages.Text(message, "SystemModelNumber") ?? ArloMessages.Text(message, "UpdateSystemModelNumber")) ?? row.Model;
        row.Firmware = Clip(ArloMessages.Text(message, "SystemFirmwareVersion")) ?? row.Firmware;
        row.HardwareRevision = Clip(ArloMessages.Text(message, "HardwareRevision")) ?? row.HardwareRevision;
        row.BatteryPercent = Percent(ArloMessages.Number(message, "BatPercent") ?? ArloMessages.Number(message, "BatteryPercentage")) ?? row.BatteryPercent;
        row.SignalStrength = ArloMessages.Number(message, "SignalStrengthIndicator") is { } bars ? Math.Clamp(bars, 0, 4) : row.SignalStrength;
        row.Temperature = ArloMessages.Number(message, "Temperature") is { } t && t is > -100 and < 200 ? t : row.Temperature;
        row.Charging = ArloMessages.Text(message, "ChargingState") switch
        {
            "On" => true,
            "Off" => false,
            _ => row.Charging,
        };
        if (message["Capabilities"] is JsonArray capabilities)
        {
            var names = capabilities.OfType<JsonValue>()
                .Select(v => v.TryGetValue<string>(out var s) ? s : null)
                .Where(s => !string.IsNullOrWhiteSpace(s) && !s.Contains(' ', StringComparison.Ordinal))
                .Take(64);
            row.Capabilities = Clip(string.Join(' ', names), 2000) ?? "";
        }
    }

    private static int? Percent(int? value) => value is { } v ? Math.Clamp(v, 0, 100) : null;

    private static string? Clip(string? text, int max = MaxText) => text is null ? null : text.Length <= max ? text : text[..max];

    private static ArloCameraRecord Copy(ArloCameraRecord r) => new()
    {
        Serial = r.Serial,
        IpAddress = r.IpAddress,
        Model = r.Model,
        Firmware = r.Firmware,
        HardwareRevision = r.HardwareRevision,
        Capabilities = r.Capabilities,
        BatteryPercent = r.BatteryPercent,
        SignalStrength = r.SignalStrength,
        Temperature = r.Temperature,
        Charging = r.Charging,
        FirstSeenAt = r.FirstSeenAt,
        LastSeenAt = r.LastSeenAt,
        LastRegisteredAt = r.LastRegisteredAt,
    };
}
