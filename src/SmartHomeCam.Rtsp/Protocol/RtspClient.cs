using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace SmartHomeCam.Rtsp.Protocol;

/// <summary>
/// The request side of an RTSP session: CSeq, User-Agent, Session header, one retry with credentials after a
/// 401, bounded 301/302 redirects (a redirect moves the client to a new connection), a timeout on every
/// request, and non-2xx answers turned into <see cref="RtspStatusException"/>.
/// </summary>
internal sealed class RtspClient : IAsyncDisposable
{
    private const int MaxRedirects = 3;
    private const string UserAgent = "SmartHomeCam";

    private readonly RtspSourceOptions _options;
    private readonly ILogger _logger;
    private readonly NetworkCredential? _credential;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private RtspAuthenticator? _authenticator;
    private int _cseq;

    public RtspClient(RtspSourceOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _credential = options.Credentials ?? CredentialFromUserInfo(options.Url);
        Url = WithoutUserInfo(options.Url);
    }

    /// <summary>The presentation URL, after redirects, without user-info.</summary>
    public Uri Url { get; private set; }

    public RtspConnection? Connection { get; private set; }

    public string? SessionId { get; set; }

    /// <summary>From the SETUP answer's <c>Session: id;timeout=n</c>; 60 s when not stated (RFC 2326 §12.37).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Methods the server listed in its OPTIONS <c>Public</c> header.</summary>
    public IReadOnlySet<string> PublicMethods { get; private set; } = new HashSet<string>();

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (Connection is not null)
        {
            // Forget the old connection before dialling: if the new one fails, nothing may dispose the old twice.
            var old = Connection;
            Connection = null;
            await old.DisposeAsync().ConfigureAwait(false);
        }

        Connection = await RtspConnection.ConnectAsync(Url, _options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>OPTIONS then DESCRIBE, following redirects; returns the DESCRIBE answer.</summary>
    public async Task<RtspResponse> DescribeAsync(CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
            var options = await RequestAsync("OPTIONS", Url.AbsoluteUri, [], cancellationToken, allowRedirect: true).ConfigureAwait(false);
            if (!IsRedirect(options))
            {
                PublicMethods = (options.Header("Public") ?? "")
                    .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .ToHashSet(StringComparer.OrdinalIgnoreCase);
                var describe = await RequestAsync("DESCRIBE", Url.AbsoluteUri, [new("Accept", "application/sdp")], cancellationToken, allowRedirect: true).ConfigureAwait(false);
                if (!IsRedirect(describe))
                {
                    return describe;
                }

                options = describe;
            }

            if (redirects >= MaxRedirects)
            {
                throw new RtspStatusException("DESCRIBE", options.StatusCode, "too many redirects");
            }

            var location = options.Header("Location");
            if (location is null || !Uri.TryCreate(Url, location, out var target) ||
                (target.Scheme != "rtsp" && target.Scheme != "rtsps"))
            {
                throw new RtspStatusException("DESCRIBE", options.StatusCode, "redirect without a usable Location");
            }

            _logger.LogInformation("RTSP server redirected to {Host}:{Port}", target.Host, target.Port);
            Url = WithoutUserInfo(target);
        }
    }

    /// <summary>Sends a request; retries once with credentials after a 401; throws on non-2xx.</summary>
    public async Task<RtspResponse> RequestAsync(
        string method, string uri, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken, bool allowRedirect = false)
    {
        // One request in flight: keep-alives and TEARDOWN must not interleave with each other's answers.
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendWithAuthAsync(method, uri, headers, allowRedirect, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<RtspResponse> SendWithAuthAsync(
        string method, string uri, IReadOnlyList<KeyValuePair<string, string>> headers, bool allowRedirect, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var connection = Connection ?? throw new InvalidOperationException("Not connected");
            var all = new List<KeyValuePair<string, string>>(headers) { new("User-Agent", UserAgent) };
            if (SessionId is not null)
            {
                all.Add(new("Session", SessionId));
            }

            if (_authenticator is not null)
            {
                all.Add(new("Authorization", _authenticator.Authorize(method, uri)));
            }

            var response = await connection.SendAsync(method, uri, Interlocked.Increment(ref _cseq), all, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 401 && attempt == 0 && _credential is not null)
            {
                _authenticator = RtspAuthenticator.FromChallenges(response.AllHeaders("WWW-Authenticate"), _credential);
                if (_authenticator is not null)
                {
                    continue;
                }
            }

            if (response.IsSuccess || (allowRedirect && IsRedirect(response)))
            {
                return response;
            }

            throw new RtspStatusException(method, response.StatusCode, response.Reason);
        }
    }

    /// <summary>Reads <c>Session: id[;timeout=n]</c>.</summary>
    public void AcceptSession(RtspResponse setup)
    {
        var session = setup.Header("Session");
        if (session is null)
        {
            return;
        }

        var parts = session.Split(';', StringSplitOptions.TrimEntries);
        SessionId ??= parts[0];
        foreach (var part in parts.Skip(1))
        {
            if (part.StartsWith("timeout=", StringComparison.OrdinalIgnoreCase) &&
                int.TryParse(part.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                SessionTimeout = TimeSpan.FromSeconds(Math.Max(seconds, 2));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync().ConfigureAwait(false);
            Connection = null;
        }
    }

    private static bool IsRedirect(RtspResponse response) => response.StatusCode is 301 or 302 or 303 or 305 or 307;

    private static NetworkCredential? CredentialFromUserInfo(Uri url)
    {
        if (string.IsNullOrEmpty(url.UserInfo))
        {
            return null;
        }

        var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? new NetworkCredential(Uri.UnescapeDataString(url.UserInfo), "")
            : new NetworkCredential(Uri.UnescapeDataString(url.UserInfo[..colon]), Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]));
    }

    private static Uri WithoutUserInfo(Uri url) =>
        string.IsNullOrEmpty(url.UserInfo) ? url : new UriBuilder(url) { UserName = "", Password = "" }.Uri;
}
