using System.Net;
using System.Net.Sockets;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// The key rate limits use for "one client": the peer address after trusted forwarded headers were applied.
/// IPv6 clients are grouped by their /64, which one subscriber usually owns whole.
/// </summary>
public static class ClientAddress
{
    public static string Key(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
