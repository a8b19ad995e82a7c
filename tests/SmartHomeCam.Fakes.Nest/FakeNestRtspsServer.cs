using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
            Certificate = IssueLocalhostCertificate(ca.Root),
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

    /// <summary>
    /// Our own issuance under the test CA, valid until just before the root expires: the library's helper asks for
    /// exactly seven days from "now", which fails when a second ticks between creating the root and the leaf.
    /// </summary>
    private static X509Certificate2 IssueLocalhostCertificate(X509Certificate2 root)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(root, DateTimeOffset.UtcNow.AddMinutes(-5), new DateTimeOffset(root.NotAfter.ToUniversalTime()).AddMinutes(-1), RandomNumberGenerator.GetBytes(12));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
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
