using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.EndToEnd.Tests;

/// <summary>A real server with one account, and a fresh Chromium page that has not signed in yet.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly HeadlessChromium chromium;

    private BrowserSession(ServerInstance server, string email, HeadlessChromium chromium, IPage page)
    {
        Server = server;
        Email = email;
        this.chromium = chromium;
        Page = page;
    }

    public ServerInstance Server { get; }

    public string Email { get; }

    public IPage Page { get; }

    public static async Task<BrowserSession> StartAsync()
    {
        var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        var chromium = await HeadlessChromium.LaunchAsync();
        return new BrowserSession(server, email, chromium, await chromium.NewPageAsync());
    }

    /// <summary>Opens <paramref name="path"/>; the server answers with its sign-in form, which is filled in.</summary>
    public async Task OpenSignedInAsync(string path)
    {
        await Page.GotoAsync(new Uri(Server.BaseAddress, path).ToString());
        await DashboardSignIn.SignInAsync(Page, Email, TestAccounts.Password);
    }

    public async ValueTask DisposeAsync()
    {
        await chromium.DisposeAsync();
        await Server.DisposeAsync();
    }
}
