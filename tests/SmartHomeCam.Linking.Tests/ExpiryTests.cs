using System.Net;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Linking.Tests;

public sealed class ExpiryTests : IAsyncLifetime
{
    private readonly ManualClock clock = new();
    private ServerInstance server = null!;
    private string email = null!;

    public async Task InitializeAsync()
    {
        server = await ServerInstance.StartAsync(clock: clock);
        email = await TestAccounts.CreateAsync(server);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_code_older_than_its_lifetime_is_invalid_grant()
    {
        using var flow = new LinkingFlow(server);
        var code = await flow.GetCodeAsync(email);
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await AccountLinkingTests.AssertOAuthError(await flow.ExchangeAsync(code), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_refresh_token_outlives_its_code_and_many_access_tokens()
    {
        using var flow = new LinkingFlow(server);
        var (_, refresh) = await flow.LinkAsync(email);
        clock.Advance(TimeSpan.FromDays(30));
        using var refreshed = await flow.RefreshAsync(refresh);
        Assert.True(refreshed.StatusCode == HttpStatusCode.OK, await refreshed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_expired_access_token_gets_401_and_refresh_still_works()
    {
        using var flow = new LinkingFlow(server);
        var (access, refresh) = await flow.LinkAsync(email);
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        using var expired = await flow.WhoAmIAsync(access);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", expired.Headers.WwwAuthenticate.ToString());
        using var refreshed = await flow.RefreshAsync(refresh);
        Assert.True(refreshed.StatusCode == HttpStatusCode.OK, await refreshed.Content.ReadAsStringAsync());
    }
}
