using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// X-Forwarded-For/-Proto/-Host are honoured only from the proxies and networks the operator lists
/// (<c>SmartHomeCam:TrustedProxies</c>, <c>SmartHomeCam:TrustedNetworks</c>); by default nobody is trusted,
/// not even loopback, so a client cannot pick its own address for the rate limits.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, ServerOptions server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var proxies = server.TrustedProxies.Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => IPAddress.TryParse(p.Trim(), out var address) ? address : throw Invalid("TrustedProxies", p, "IP address")).ToList();
        var networks = server.TrustedNetworks.Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(n => System.Net.IPNetwork.TryParse(n.Trim(), out var network) ? network : throw Invalid("TrustedNetworks", n, "CIDR network such as 10.0.0.0/8")).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // The middleware treats two empty lists as "trust every peer", so with nobody configured it reads no header at all.
            options.ForwardedHeaders = proxies.Count + networks.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }

            // Walk back through every trusted hop (a CDN in front of the proxy), stopping at the first untrusted one.
            options.ForwardLimit = null;
        });
        return services;
    }

    private static InvalidOperationException Invalid(string key, string text, string what) =>
        new($"SmartHomeCam:{key} contains '{text}', which is not a valid {what}.");
}
