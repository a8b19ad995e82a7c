using Microsoft.Playwright;

namespace SmartHomeCam.Testing;

/// <summary>
/// Debian's Chromium driven by Playwright: Playwright never downloads a browser here, so the executable is the system
/// one (override with CHROMIUM_PATH), launched with the flags this closed network needs. Every browser test starts here.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
    ];

    /// <summary>
    /// For pages posing as Google's display origin (https://www.gstatic.com, by Playwright routing) that call the service
    /// on loopback: Chromium's private-network checks would refuse those requests, which on a real display go to a
    /// public address.
    /// </summary>
    public const string PublicOriginMayCallLoopback =
        "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests";

    private readonly IPlaywright playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    public IBrowser Browser { get; }

    /// <summary>Launches Chromium with the common flags plus <paramref name="extraFlags"/>.</summary>
    public static async Task<HeadlessChromium> LaunchAsync(params string[] extraFlags)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium not found at {ExecutablePath}: ./scripts/test installs Debian's 'chromium' package.");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = [.. Flags, .. extraFlags],
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public Task<IPage> NewPageAsync() => Browser.NewPageAsync();

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
