using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartHomeCam.Streaming;
using SmartHomeCam.Streaming.ScaleOut;

namespace SmartHomeCam.ScaleOut.Tests;

/// <summary>
/// The address other replicas forward to. Regression (issue 13): a heartbeat asking for it between "the configured
/// URL is listed" and "Kestrel bound a free port" cached port 0, and every forward to that replica failed for good.
/// </summary>
public sealed class ReplicaIdentityTests
{
    [Fact]
    public void The_address_is_not_known_while_the_server_lists_only_its_configured_free_port_then_is_the_bound_one()
    {
        var server = new AddressesOnlyServer();
        var identity = Identity(server, configured: null);

        Assert.Throws<InvalidOperationException>(() => identity.Address); // nothing listed yet (before the web host starts)
        server.Addresses.Add("http://127.0.0.1:0"); // the web host copies the configured URL in, Kestrel has not bound
        Assert.Throws<InvalidOperationException>(() => identity.Address);

        server.Addresses.Clear();
        server.Addresses.Add("http://127.0.0.1:41234"); // bound
        Assert.Equal(new Uri("http://127.0.0.1:41234/"), identity.Address);

        server.Addresses.Clear();
        server.Addresses.Add("http://127.0.0.1:9"); // read once: a later change of the list does not move the replica
        Assert.Equal(new Uri("http://127.0.0.1:41234/"), identity.Address);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://*:8080")]
    public void A_wildcard_listen_address_becomes_this_machines_name(string listening)
    {
        var server = new AddressesOnlyServer();
        server.Addresses.Add(listening);

        var address = Identity(server, configured: null).Address;

        Assert.Equal(System.Net.Dns.GetHostName(), address.Host);
        Assert.Equal(8080, address.Port);
        Assert.Equal("/", address.AbsolutePath);
    }

    [Fact]
    public void A_configured_replica_address_wins_even_before_the_server_is_bound()
    {
        var identity = Identity(new AddressesOnlyServer(), configured: "http://10.1.2.3:8080");

        Assert.Equal(new Uri("http://10.1.2.3:8080/"), identity.Address);
    }

    private static ReplicaIdentity Identity(IServer server, string? configured)
    {
        var services = new ServiceCollection().AddSingleton(server).BuildServiceProvider();
        return new ReplicaIdentity(Options.Create(new StreamingOptions { ReplicaAddress = configured }), services);
    }

    private sealed class AddressesOnlyServer : IServer
    {
        private readonly ServerAddressesFeature addresses = new();

        public AddressesOnlyServer() => Features.Set<IServerAddressesFeature>(addresses);

        public ICollection<string> Addresses => addresses.Addresses;

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
