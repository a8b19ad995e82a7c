using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Arlo.Protocol;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;

namespace SmartHomeCam.Arlo;

/// <summary>
/// What the basestation does with a message it has Acked: registration and status update the registry (and set
/// the camera's clock); battery changes, motion and doorbell presses become camera events for the accounts that
/// claimed the camera; a registration or status from a camera listed offline makes the catalog notice it is back.
/// </summary>
public sealed class ArloInboundHandler(
    ArloCameraRegistry registry,
    ArloClaims claims,
    ArloCommandClient commands,
    ICameraEventPublisher events,
    ArloCatalogRefresher refresher,
    ArloMotionWebhook webhook,
    TimeProvider clock,
    ILogger<ArloInboundHandler> logger)
{
    /// <summary>Raised after a message was processed (tests and the dashboard's "last heard" wait on it).</summary>
    public event Action<string, JsonObject>? Processed;

    public async Task HandleAsync(JsonObject message, IPAddress source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(source);
        var type = ArloMessages.TypeOf(message) ?? "";
        var ip = source.ToString();
        var serial = ArloMessages.Text(message, "SystemSerialNumber");
        switch (type)
        {
            case ArloMessages.Registration:
            case ArloMessages.Status:
                if (string.IsNullOrWhiteSpace(serial) || serial.Length > 64)
                {
                    return;
                }

                await OnReportAsync(serial, ip, message, type == ArloMessages.Registration, cancellationToken).ConfigureAwait(false);
                break;
            case ArloMessages.Alert:
                // Alerts often carry no serial: map by source address (spec §1).
                serial ??= (await registry.FindByAddressAsync(ip, cancellationToken).ConfigureAwait(false))?.Serial;
                if (serial is null)
                {
                    logger.LogInformation("Arlo alert from unknown camera at {Address} ignored", ip);
                    return;
                }

                await registry.TouchAsync(serial, cancellationToken).ConfigureAwait(false);
                await OnAlertAsync(serial, ip, message, cancellationToken).ConfigureAwait(false);
                break;
            case ArloMessages.LogMessage:
                logger.LogDebug("Arlo camera at {Address} logged: {Text}", ip, Truncate(ArloMessages.Text(message, "LogString")));
                break;
        }

        Processed?.Invoke(serial ?? ip, message);
    }

    private async Task OnReportAsync(string serial, string ip, JsonObject message, bool registration, CancellationToken cancellationToken)
    {
        var (before, after) = await registry.RecordAsync(serial, ip, message, registration, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Arlo {Type} from {Serial} ({Model}) at {Address}", ArloMessages.TypeOf(message), serial, after.Model, ip);
        var owners = await claims.FindAsync(serial, cancellationToken).ConfigureAwait(false);
        if (after.BatteryPercent is { } battery && battery != before?.BatteryPercent)
        {
            foreach (var owner in owners)
            {
                await events.PublishAsync(
                    new CameraEvent($"arlo-{serial}-battery-{after.LastSeenAt.ToUnixTimeMilliseconds()}", owner.UserId, ArloCameraProvider.ProviderId,
                        owner.ProviderCameraId(serial), CameraEventKind.Battery, after.LastSeenAt) { BatteryPercent = battery },
                    cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var owner in owners)
        {
            refresher.Refresh(owner.UserId); // online state comes from the listing; the catalog records the change
        }

        if (registration)
        {
            // Cameras keep no clock across sleep; brianschrameck/caffeineflo set it right after registration.
            var time = new JsonObject { ["EpochBsTime"] = clock.GetUtcNow().ToUnixTimeSeconds() };
            _ = commands.TrySendAsync(after, ArloMessages.RegisterSet, "SetValues", time, CancellationToken.None);
        }
    }

    private async Task OnAlertAsync(string serial, string ip, JsonObject message, CancellationToken cancellationToken)
    {
        var alertType = ArloMessages.Text(message, "AlertType");
        CameraEventKind? kind = alertType switch
        {
            "pirMotionAlert" => CameraEventKind.Motion,
            "buttonPressAlert" => CameraEventKind.Doorbell,
            _ => null,
        };
        if (kind is null)
        {
            logger.LogDebug("Arlo {Alert} from {Serial}", Truncate(alertType), serial);
            return;
        }

        var now = clock.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"arlo-{serial}-{alertType}-{ArloMessages.Number(message, "ID")}-{now.ToUnixTimeSeconds()}");
        foreach (var owner in await claims.FindAsync(serial, cancellationToken).ConfigureAwait(false))
        {
            await events.PublishAsync(
                new CameraEvent(id, owner.UserId, ArloCameraProvider.ProviderId, owner.ProviderCameraId(serial), kind.Value, now) { Detail = alertType },
                cancellationToken).ConfigureAwait(false);
        }

        if (kind == CameraEventKind.Motion)
        {
            var zones = message["PIRMotion"]?["zones"] as JsonArray;
            webhook.Post(serial, ip, zones, now);
        }
    }

    private static string? Truncate(string? text) => text is { Length: > 200 } ? text[..200] : text;
}
