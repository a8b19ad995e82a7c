using System.Net;

namespace SmartHomeCam.GoogleSim;

/// <summary>HTTP clients shaped like Google's two callers: never following redirects, so every hop can be checked.</summary>
public static class GoogleHttp
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The user's browser: keeps cookies (sign-in session, antiforgery).</summary>
    public static HttpClient Browser(Uri baseUrl) => Create(baseUrl, useCookies: true);

    /// <summary>Google's servers calling the token, fulfillment and stream endpoints: no cookies.</summary>
    public static HttpClient Backend(Uri baseUrl) => Create(baseUrl, useCookies: false);

    private static HttpClient Create(Uri baseUrl, bool useCookies)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = useCookies };
        if (useCookies)
        {
            handler.CookieContainer = new CookieContainer();
        }

        return new HttpClient(handler) { BaseAddress = baseUrl, Timeout = Timeout };
    }
}
