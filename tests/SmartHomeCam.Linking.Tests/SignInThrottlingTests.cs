using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using SmartHomeCam.GoogleSim;
using SmartHomeCam.Testing;
using Xunit.Abstractions;

namespace SmartHomeCam.Linking.Tests;

/// <summary>
/// Sign-in throttling must slow a guesser down without letting anyone who merely knows the owner's e-mail
/// keep the owner out, and must not tell existing from unknown e-mails.
/// </summary>
public sealed partial class SignInThrottlingTests(ITestOutputHelper output)
{
    private const string WrongPassword = "wrong password!";

    [Fact]
    public async Task The_owner_signs_in_while_an_attacker_hammers_the_account_from_another_address()
    {
        await using var server = await ServerInstance.StartAsync(ForwardedHeadersTests.BehindProxy(
            ("OAuth:SignInAttemptsPerMinutePerIp", "20"), ("OAuth:SignInAttemptsPerAccount", "10")));
        var email = await TestAccounts.CreateAsync(server);
        using var attacker = new LinkingFlow(server);
        ForwardedHeadersTests.From(attacker.Browser, "203.0.113.66");
        var attackerStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            attackerStatuses.Add((await PostAsync(attacker, email, WrongPassword)).Status);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, attackerStatuses);
        Assert.DoesNotContain(attackerStatuses, s => s is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests));

        using var owner = new LinkingFlow(server);
        ForwardedHeadersTests.From(owner.Browser, "198.51.100.20");
        await owner.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await owner.Browser.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Guesses_from_one_address_meet_growing_delays_but_never_a_lock()
    {
        var clock = new ManualClock();
        await using var server = await ServerInstance.StartAsync(clock: clock);
        var email = await TestAccounts.CreateAsync(server);
        using var flow = new LinkingFlow(server);

        // A few typos are free.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(flow, email, WrongPassword)).Status);
        }

        // Then each further try waits twice as long as the one before, and is refused without a password check meanwhile.
        var waits = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var refused = await PostAsync(flow, email, WrongPassword);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            waits.Add(refused.RetryAfterSeconds);
            clock.Advance(TimeSpan.FromSeconds(refused.RetryAfterSeconds));
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(flow, email, WrongPassword)).Status);
        }

        Assert.True(waits[0] >= 1 && waits[1] >= 2 * waits[0] && waits[2] >= 2 * waits[1], string.Join(",", waits));

        // The correct password is refused only while waiting; afterwards it works: no lock-out.
        var wait = await PostAsync(flow, email, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, wait.Status);
        clock.Advance(TimeSpan.FromSeconds(wait.RetryAfterSeconds));
        await flow.SignInAsync(email);
    }

    [Fact]
    public async Task Known_and_unknown_emails_get_the_same_answer_in_the_same_time()
    {
        await using var server = await ServerInstance.StartAsync(new Dictionary<string, string?> { ["OAuth:SignInFreeFailures"] = "100000" });
        var known = await TestAccounts.CreateAsync(server);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        using var flow = new LinkingFlow(server);
        await PostAsync(flow, known, WrongPassword); // warm-up: JIT, first database connection
        await PostAsync(flow, unknown, WrongPassword);

        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        string? knownBody = null;
        string? unknownBody = null;
        for (var i = 0; i < 50; i++)
        {
            // Interleaved, so load on the machine hits both series alike.
            var k = await PostAsync(flow, known, WrongPassword);
            var u = await PostAsync(flow, unknown, WrongPassword);
            Assert.Equal(HttpStatusCode.OK, k.Status);
            Assert.Equal(HttpStatusCode.OK, u.Status);
            knownTimes.Add(k.Milliseconds);
            unknownTimes.Add(u.Milliseconds);
            knownBody = Normalize(k.Body, known);
            unknownBody = Normalize(u.Body, unknown);
            Assert.Equal(knownBody, unknownBody);
        }

        Assert.Contains("E-mail or password is not correct.", knownBody, StringComparison.Ordinal);
        Assert.DoesNotContain("locked", knownBody, StringComparison.OrdinalIgnoreCase);
        var (mk, mu) = (Median(knownTimes), Median(unknownTimes));
        output.WriteLine($"median sign-in answer: known e-mail {mk:0.0} ms, unknown e-mail {mu:0.0} ms");

        // Generous for a loaded 2-core machine, yet a 10× gap (a hash for one and none for the other) fails.
        var ratio = Math.Max(mk, mu) / Math.Max(0.1, Math.Min(mk, mu));
        Assert.True(ratio < 3 || Math.Abs(mk - mu) < 5, $"median known {mk:0.0} ms, unknown {mu:0.0} ms");
    }

    [Fact]
    public async Task The_old_session_cookie_is_refused_after_sign_out()
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        var jar = new CookieContainer();
        using var browser = server.CreateClient(jar);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(browser, email, TestAccounts.Password)).Status);
        var dashboard = await browser.GetStringAsync(new Uri("/", UriKind.Relative));
        var stolen = jar.GetCookies(server.BaseAddress)["shc.session"]?.Value ?? throw new InvalidOperationException("no session cookie");

        var fields = HtmlForm.Inputs(dashboard, "id=\"sign-out\"");
        using var signOut = await browser.PostAsync(new Uri("/account/logout", UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var replay = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.Add("Cookie", "shc.session=" + stolen);
        using var response = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private static Task<Attempt> PostAsync(LinkingFlow flow, string email, string password) => PostAsync(flow.Browser, email, password);

    private static async Task<Attempt> PostAsync(HttpClient browser, string email, string password)
    {
        var page = await browser.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var fields = HtmlForm.Inputs(page);
        fields["Email"] = email;
        fields["Password"] = password;
        using var content = new FormUrlEncodedContent(fields);
        var started = Stopwatch.GetTimestamp();
        using var response = await browser.PostAsync(new Uri("/account/login", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : 0;
        return new Attempt(response.StatusCode, body, elapsed, retryAfter);
    }

    /// <summary>Drops what legitimately differs: the echoed e-mail and the per-render antiforgery token.</summary>
    private static string Normalize(string body, string email) =>
        AntiforgeryValue().Replace(body.Replace(email, "EMAIL", StringComparison.Ordinal), "value=\"TOKEN\"");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex AntiforgeryValue();

    private sealed record Attempt(HttpStatusCode Status, string Body, double Milliseconds, int RetryAfterSeconds);
}
