using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Testing;

namespace SmartHomeCam.HomeGraph.Tests;

public sealed class DashboardStatusTests
{
    [Fact]
    public async Task The_report_state_page_shows_the_accounts_last_report_and_last_error()
    {
        await using var h = await ReportingHarness.StartAsync();
        await Poll.UntilAsync(async () => (await h.AccountAsync())?.LastReportAt is not null, TimeSpan.FromSeconds(15), "first report");
        h.Fake.Inject(new Fakes.HomeGraph.InjectedFault(400));
        await h.AddDemoCameraAsync("Status camera");
        await Poll.UntilAsync(async () => (await h.AccountAsync())?.LastError is not null, TimeSpan.FromSeconds(15), "the recorded error");

        using var flow = new LinkingFlow(h.Server);
        var email = (await h.Server.Services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<SmartHomeCam.Data.AppUser>>().FindByIdAsync(h.UserId))!.Email!;
        await flow.SignInAsync(email);
        var html = await flow.Browser.GetStringAsync(new Uri("/homegraph", UriKind.Relative));

        Assert.Contains(h.AgentUserId, html, StringComparison.Ordinal);
        Assert.Matches("id=\"homegraph-state\">active<", html);
        Assert.DoesNotMatch("id=\"homegraph-last-report\">never<", html);
        Assert.Contains("RequestSync: HomeGraph 400", html, StringComparison.Ordinal);
    }
}
