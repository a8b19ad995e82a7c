using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.EndToEnd.Tests;

/// <summary>A person in real headless Chromium signs in and consents, ending on Google's redirect URI.</summary>
public sealed class BrowserLinkingTests
{
    [Fact]
    public async Task Person_signs_in_and_allows_then_lands_on_the_redirect_uri_with_code_and_state()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;

        // Google's redirect host is not reachable here; answer it locally, as Google would with its own page.
        await page.RouteAsync("https://oauth-redirect.googleusercontent.com/**", route =>
            route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html", Body = "<p>linked</p>" }));

        await session.OpenSignedInAsync(LinkingFlow.AuthorizeUrl(state: "browser-state"));

        await page.WaitForSelectorAsync("#allow");
        Assert.Contains("Allow Google Home", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        await page.ClickAsync("#allow");
        await page.WaitForURLAsync(ServerInstance.RedirectUri + "?**");

        var landed = new Uri(page.Url);
        var query = QueryHelpers.ParseQuery(landed.Query);
        Assert.Equal(ServerInstance.RedirectUri, landed.GetLeftPart(UriPartial.Path));
        Assert.Equal("browser-state", query["state"].ToString());
        Assert.Equal(43, query["code"].ToString().Length);

        // The code the browser carried really redeems.
        using var flow = new LinkingFlow(session.Server);
        using var exchange = await flow.ExchangeAsync(query["code"].ToString());
        Assert.Equal(System.Net.HttpStatusCode.OK, exchange.StatusCode);
    }
}
