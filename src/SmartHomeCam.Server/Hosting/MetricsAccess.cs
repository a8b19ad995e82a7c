using System.Net;

namespace SmartHomeCam.Server.Hosting;

/// <summary>Which client addresses may scrape <c>/metrics</c> (loopback plus <c>Telemetry:MetricsAllowedNetworks</c>).</summary>
public sealed class MetricsAccess(IReadOnlyList<IPNetwork> allowed)
{
    public bool Allows(IPAddress? client)
    {
        if (client is null)
        {
            return false;
        }

        var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        return allowed.Any(n => n.Contains(address));
    }
}
