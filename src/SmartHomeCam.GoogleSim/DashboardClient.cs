namespace SmartHomeCam.GoogleSim;

/// <summary>
/// The owner's side of the Test Suite's "change something in your system": adds, renames and removes a demo camera
/// and presses a demo doorbell through the dashboard's own forms, with the signed-in browser session.
/// </summary>
public sealed class DashboardClient(HttpClient browser)
{
    private static readonly Uri Page = new("/cameras", UriKind.Relative);

    public Task AddDemoCameraAsync(string name) =>
        SubmitAsync("data-form=\"add-demo\"", new() { ["name"] = name, ["field.camera"] = name });

    public Task RenameAsync(string deviceId, string name) =>
        SubmitAsync($"data-form=\"rename-{deviceId}\"", new() { ["name"] = name });

    public Task RemoveAsync(string deviceId) =>
        SubmitAsync($"data-form=\"remove-{deviceId}\"", []);

    public Task RaiseAsync(string deviceId, string kind) =>
        SubmitAsync($"data-form=\"demo-event-{deviceId}\"", new() { ["kind"] = kind });

    private async Task SubmitAsync(string marker, Dictionary<string, string> values)
    {
        var absolute = new Uri(browser.BaseAddress!, Page);
        using var page = await browser.GetAsync(Page).ConfigureAwait(false);
        if (!page.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The dashboard's camera page answered HTTP {(int)page.StatusCode} (signed in?).");
        }

        var html = await page.Content.ReadAsStringAsync().ConfigureAwait(false);
        var fields = HtmlForm.Inputs(html, marker);
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        using var response = await browser.PostAsync(HtmlForm.Target(html, absolute, marker), new FormUrlEncodedContent(fields)).ConfigureAwait(false);
        if ((int)response.StatusCode >= 400)
        {
            throw new InvalidOperationException($"The dashboard refused the change ({marker}): HTTP {(int)response.StatusCode}.");
        }
    }
}
