using System.Net;
using SmartHomeCam.GoogleSim;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Coordination.Tests;

/// <summary>
/// Two server processes on one Redis share the Data Protection key ring: an antiforgery token and a sign-in cookie
/// minted by one replica are accepted by the other (a load balancer may send each request anywhere).
/// </summary>
public sealed class SharedKeyRingTests
{
    [Fact]
    public async Task An_antiforgery_token_from_a_is_accepted_by_b_and_bs_session_cookie_by_a()
    {
        using var redis = await RedisServer.StartAsync();
        // Separate data directories, one database (B uses A's): no key file to share, only Redis.
        var shared = new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration };
        await using var a = await ServerInstance.StartAsync(shared);
        await using var b = await ServerInstance.StartAsync(new Dictionary<string, string?>(shared)
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(a.DataDirectory, "smarthomecam.db")}",
        });
        var email = await TestAccounts.CreateAsync(a);

        var cookies = new CookieContainer(); // cookies ignore the port, so both replicas see the same jar, like behind one host name
        using var onA = a.CreateClient(cookies);
        using var onB = b.CreateClient(cookies);
        var form = await onA.GetStringAsync(new Uri("/account/login?ReturnUrl=%2F", UriKind.Relative));
        var fields = HtmlForm.Inputs(form);
        fields["Email"] = email;
        fields["Password"] = TestAccounts.Password;

        using var signIn = await onB.PostAsync(new Uri("/account/login?ReturnUrl=%2F", UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode); // B validated A's antiforgery token and signed us in

        using var dashboard = await onA.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode); // A read B's session cookie
        Assert.Contains(email, await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(a.DataDirectory, "keys")) && Directory.EnumerateFiles(Path.Combine(a.DataDirectory, "keys")).Any());
    }
}
