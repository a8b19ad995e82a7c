using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SmartHomeCam.WebRtc.Ice;
using SmartHomeCam.WebRtc.Stun;

namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>The controlling agent against a minimal ICE-lite responder written here from RFC 8445 §7.3 (it only answers).</summary>
public sealed class IceControllingAgentTests
{
    private const string RemoteUfrag = "liteUfrag";
    private const string RemotePassword = "lite-password-0123456789";

    [Fact]
    public async Task Checks_carry_username_priority_controlling_use_candidate_integrity_and_fingerprint_and_nominate_the_pair()
    {
        using var lite = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        lite.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var agent = new IceControllingAgent(new IceControllingAgentOptions { HostAddresses = [IPAddress.Loopback] }, NullLogger.Instance);
        var seen = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var responder = Task.Run(async () =>
        {
            var buffer = new byte[1500];
            EndPoint any = new IPEndPoint(IPAddress.Any, 0);
            var result = await lite.ReceiveFromAsync(buffer, SocketFlags.None, any, cts.Token);
            var packet = buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            Assert.True(StunMessage.TryParse(packet, out var request));
            Assert.Equal(StunConstants.BindingRequest, request.Type);
            Assert.Equal(RemoteUfrag + ":" + agent.LocalUfrag, request.Username);
            Assert.True(request.TryGetAttribute(StunConstants.Priority, out var priority) && priority.Length == 4);
            Assert.True(request.TryGetAttribute(StunConstants.IceControlling, out var tie) && tie.Length == 8);
            Assert.True(request.Has(StunConstants.UseCandidate));
            Assert.True(request.VerifyIntegrity(Encoding.UTF8.GetBytes(RemotePassword)));
            Assert.False(request.VerifyIntegrity(Encoding.UTF8.GetBytes("wrong")));
            Assert.True(request.VerifyFingerprint());
            seen.Add("checked");
            var response = new byte[128];
            var writer = new StunWriter(response, StunConstants.BindingSuccess, request.TransactionId);
            writer.AddXorMappedAddress((IPEndPoint)result.RemoteEndPoint);
            writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(RemotePassword));
            writer.AddFingerprint();
            await lite.SendToAsync(response.AsMemory(0, writer.Length), SocketFlags.None, result.RemoteEndPoint, cts.Token);
        });

        var selected = await agent.ConnectAsync(RemoteUfrag, RemotePassword, [(IPEndPoint)lite.LocalEndPoint!], cts.Token);
        await responder;
        Assert.Equal(lite.LocalEndPoint, selected);
        Assert.Equal(["checked"], seen);
    }

    [Fact]
    public async Task A_response_keyed_with_the_wrong_password_does_not_connect()
    {
        using var lite = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        lite.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var agent = new IceControllingAgent(
            new IceControllingAgentOptions { HostAddresses = [IPAddress.Loopback], ConnectTimeout = TimeSpan.FromSeconds(2) }, NullLogger.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var responder = Task.Run(async () =>
        {
            var buffer = new byte[1500];
            while (!cts.IsCancellationRequested)
            {
                var result = await lite.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
                if (!StunMessage.TryParse(buffer.AsSpan(0, result.ReceivedBytes), out var request))
                {
                    continue;
                }

                var response = new byte[128];
                var writer = new StunWriter(response, StunConstants.BindingSuccess, request.TransactionId);
                writer.AddXorMappedAddress((IPEndPoint)result.RemoteEndPoint);
                writer.AddMessageIntegrity(Encoding.UTF8.GetBytes("a forger's password"));
                writer.AddFingerprint();
                await lite.SendToAsync(response.AsMemory(0, writer.Length), SocketFlags.None, result.RemoteEndPoint, cts.Token);
            }
        });

        await Assert.ThrowsAsync<IceControllingAgentException>(() => agent.ConnectAsync(RemoteUfrag, RemotePassword, [(IPEndPoint)lite.LocalEndPoint!], cts.Token));
        await cts.CancelAsync();
        await responder.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
