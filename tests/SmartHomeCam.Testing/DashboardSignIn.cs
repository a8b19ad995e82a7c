using Microsoft.Playwright;

namespace SmartHomeCam.Testing;

/// <summary>The dashboard's real sign-in form, filled in as the owner would (the server shows it before any page).</summary>
public static class DashboardSignIn
{
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
    }
}
