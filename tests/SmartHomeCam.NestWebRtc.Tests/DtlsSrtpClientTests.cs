using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using SmartHomeCam.WebRtc.Dtls;

namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>Our DTLS client against our own DTLS server (the send side's), records passed in memory both ways.</summary>
public sealed class DtlsSrtpClientTests
{
    [Fact]
    public async Task Client_and_server_agree_on_srtp_keys_and_check_each_others_fingerprint()
    {
        var (client, server) = (DtlsCertificate.Generate(), DtlsCertificate.Generate());
        var dtlsClient = new DtlsSrtpClient(client, "sha-256", SHA256.HashData(server.Der));
        var dtlsServer = new DtlsSrtpServer(server, "sha-256", SHA256.HashData(client.Der));
        await Handshake(dtlsClient, dtlsServer);
        Assert.NotNull(dtlsClient.Keys);
        Assert.Equal(dtlsServer.Keys!.ClientKey.ToArray(), dtlsClient.Keys!.ClientKey.ToArray());
        Assert.Equal(dtlsServer.Keys.ServerSalt.ToArray(), dtlsClient.Keys.ServerSalt.ToArray());
    }

    [Fact]
    public async Task A_server_certificate_not_matching_the_answer_fingerprint_is_refused()
    {
        var (client, server) = (DtlsCertificate.Generate(), DtlsCertificate.Generate());
        var dtlsClient = new DtlsSrtpClient(client, "sha-256", SHA256.HashData(client.Der)); // not the server's
        var dtlsServer = new DtlsSrtpServer(server, "sha-256", SHA256.HashData(client.Der));
        await Assert.ThrowsAnyAsync<Exception>(() => Handshake(dtlsClient, dtlsServer));
        Assert.Null(dtlsClient.Keys);
    }

    private static async Task Handshake(DtlsSrtpClient client, DtlsSrtpServer server)
    {
        IceDatagramTransport? toClient = null;
        IceDatagramTransport? toServer = null;
        toClient = new IceDatagramTransport(record => toServer!.Deliver(record));
        toServer = new IceDatagramTransport(record => toClient.Deliver(record));
        using (toClient)
        using (toServer)
        {
            var accept = Task.Factory.StartNew(() => new DtlsServerProtocol().Accept(server, toServer), TaskCreationOptions.LongRunning);
            var connect = Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, toClient), TaskCreationOptions.LongRunning);
            try
            {
                await connect.WaitAsync(TimeSpan.FromSeconds(30));
            }
            finally
            {
                toClient.Close();
                toServer.Close();
                await accept.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
