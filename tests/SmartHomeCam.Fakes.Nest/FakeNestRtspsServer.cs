using System.Net.Security;
using Microsoft.AspNetCore.WebUtilities;
using SmartHomeCam.Fakes.Rtsp;

namespace SmartHomeCam.Fakes.Nest;

/// <summary>
/// Google's stream servers over the wire (spec §7.3): a real RTSPS server (the fake RTSP server library with a
/// test CA) that plays H.264 + AAC, answers DESCRIBE with 404 for an unknown or expired <c>auth</c>, and in strict
/// mode cuts each session at the expiry its token was issued with. Generated URLs point at it.
/// </summary>
public sealed class FakeNestRtspsServer : IAsyncDisposable
{
    private readonly TestCertificateAuthority ca;
    private readonly FakeRtspServer server;

    private FakeNestRtspsServer(TestCertificateAuthority ca, FakeRtspServer server)
    {
        this.ca = ca;
        this.server = server;
    }

    /// <summary>What the client must trust: exactly the test CA.</summary>
    public RemoteCertificateValidationCallback CertificateValidation => ca.ValidationCallback;

    public FakeRtspCounters Counters => server.Counters;

    public int SessionCount => server.SessionCount;

    public static async Task<FakeNestRtspsServer> StartAsync(FakeNestCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var media = await FakeRtspMedia.GenerateAsync(new FakeRtspMediaSpec(Seconds: 4, Audio: true)).ConfigureAwait(false);
        var ca = new TestCertificateAuthority("Fake Nest stream CA");
        var server = FakeRtspServer.Start(new FakeRtspServerOptions
        {
            Media = media,
            Path = null,
            Certificate = ca.IssueServerCertificate("localhost"),
            RequestValidator = (method, url) => method == "OPTIONS" || cloud.CheckRtsp(StreamId(url), Auth(url)).Stream is not null ? 200 : 404,
            SessionDeadline = url => cloud.CheckRtsp(StreamId(url), Auth(url)).CutAt,
        });
        cloud.RtspAuthority = $"localhost:{server.Port}";
        return new FakeNestRtspsServer(ca, server);
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync().ConfigureAwait(false);
        ca.Dispose();
    }

    private static string Auth(Uri url) => QueryHelpers.ParseQuery(url.Query).TryGetValue("auth", out var v) ? v.ToString() : "";

    // /sdm_live_stream/{id} or /sdm_live_stream/{id}/trackID=N
    private static string StreamId(Uri url)
    {
        var parts = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(parts, "sdm_live_stream");
        return at >= 0 && at + 1 < parts.Length ? parts[at + 1] : "";
    }
}
