using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Streaming.ScaleOut;

/// <summary>
/// Who this process is among the replicas: a random id (new at every start, so a restarted replica never mistakes an
/// old lease for its own) and the internal address other replicas forward stream requests to.
/// </summary>
public sealed class ReplicaIdentity(IOptions<StreamingOptions> options, IServiceProvider services)
{
    private Uri? address;

    public string Id { get; } = Dns.GetHostName().Split('.')[0] + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true);

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// <c>Streaming:ReplicaAddress</c> when set; otherwise the address the server is bound to, with a wildcard host
    /// replaced by this machine's name. Throws <see cref="InvalidOperationException"/> until the server is bound.
    /// </summary>
    public Uri Address => address ??= Resolve();

    private Uri Resolve()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.ReplicaAddress))
        {
            return new Uri(options.Value.ReplicaAddress.TrimEnd('/') + "/", UriKind.Absolute);
        }

        var listening = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Streaming:ReplicaAddress is not set and the server's address is not known yet.");
        var builder = new UriBuilder(listening.Replace("://+", "://*", StringComparison.Ordinal).Replace("://*", "://wildcard", StringComparison.Ordinal));

        // Before Kestrel binds, the feature lists the configured URL ("http://127.0.0.1:0" with a free port): cached,
        // it would send every forwarded request to port 0 for the life of the process (issue 13: a URL minted on one
        // replica answered 503 on the others). Only a bound port is an address.
        if (builder.Port <= 0)
        {
            throw new InvalidOperationException("Streaming:ReplicaAddress is not set and the server has not bound its port yet.");
        }

        if (builder.Host is "wildcard" or "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = Dns.GetHostName();
        }

        builder.Path = "/";
        return builder.Uri;
    }
}
