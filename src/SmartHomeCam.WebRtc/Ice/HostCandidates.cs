using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>The addresses announced as host candidates, for the UDP port and the ICE-TCP port alike.</summary>
public static class HostCandidates
{
    /// <summary>The configured public addresses first (a display outside the LAN reaches only those), then the bound interface(s), loopback last.</summary>
    public static IReadOnlyList<IPEndPoint> Gather(IPAddress listenAddress, IReadOnlyList<IPAddress> publicAddresses, int port)
    {
        ArgumentNullException.ThrowIfNull(listenAddress);
        ArgumentNullException.ThrowIfNull(publicAddresses);
        var addresses = new List<IPAddress>();
        if (!listenAddress.Equals(IPAddress.Any))
        {
            addresses.Add(listenAddress);
        }
        else
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus == OperationalStatus.Up))
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IsLinkLocal(unicast.Address))
                    {
                        addresses.Add(unicast.Address);
                    }
                }
            }

            // Loopback last: useful only to a peer on this host.
            addresses.Sort((a, b) => IPAddress.IsLoopback(a).CompareTo(IPAddress.IsLoopback(b)));
        }

        return [.. publicAddresses.Concat(addresses).Distinct().Select(a => new IPEndPoint(a, port))];
    }

    private static bool IsLinkLocal(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes[0] == 169 && bytes[1] == 254;
    }
}
