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
    /// <c>Streaming:ReplicaAddress</c> when set; otherwise the first address the server listens on, with a wildcard
    /// host replaced by this machine's name. Read once the server has started (port 0 is known only then).
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
        if (builder.Host is "wildcard" or "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = Dns.GetHostName();
        }

        builder.Path = "/";
        return builder.Uri;
    }
}
