using System.Net;
using System.Net.Sockets;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Deploy.Tests;

internal static class Loopback
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until <paramref name="url"/> answers 200 (a container needs a few seconds to start).</summary>
    public static async Task WaitForOkAsync(HttpClient http, string url, TimeSpan within)
    {
        await Poll.UntilAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync(url);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, within, $"{url} to answer 200");
    }
}
