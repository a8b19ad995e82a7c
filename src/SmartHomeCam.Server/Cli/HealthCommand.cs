using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SmartHomeCam.Server.Cli;

/// <summary>
/// <c>health [--url &lt;url&gt;]</c>: exits 0 when the running service answers its liveness endpoint, 1 otherwise.
/// Container health checks call it so the image needs no curl; it starts no host and touches no database.
/// </summary>
internal static class HealthCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(4);

    public static async Task<int> RunAsync(ParsedArguments parsed, TextWriter output, TextWriter error)
    {
        // The port as the service reads it: environment (the container sets SmartHomeCam__Port), then options.
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(parsed.ConfigurationArgs).Build();
        var url = parsed.Get("url") ?? DefaultUrl(configuration);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--url must be an absolute http(s) URL, not '{url}'");
        }

        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(uri).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{uri}: {(int)response.StatusCode}")).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"{uri}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The service's own port on loopback (a wildcard listen address is not a destination).</summary>
    private static string DefaultUrl(IConfiguration configuration)
    {
        var port = configuration["SmartHomeCam:Port"] ?? "8080";
        return $"http://127.0.0.1:{port}/healthz";
    }
}
