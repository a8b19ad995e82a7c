using System.Net;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Linking.Tests;

/// <summary>The per-request log line: one line per request whatever the path, and no capability token in it.</summary>
public sealed class RequestLogTests
{
    private const string Category = "SmartHomeCam.Server.Hosting.RedactingRequestLogger";

    [Fact]
    public async Task Encoded_line_breaks_in_a_path_cannot_forge_log_lines()
    {
        await using var server = await ServerInstance.StartAsync();
        using var http = server.CreateClient();
        using var response = await http.GetAsync(new Uri("/x%0D%0AInformation " + Category + ": HTTP GET /forged -> 200%09%1B[31m", UriKind.Relative));

        var line = Assert.Single(await RequestLinesAsync(server, "/x"));
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\t', line);
        Assert.DoesNotContain('\u001b', line);
        Assert.Contains("/x%0D%0AInformation", line, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("\nInformation", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/Streams/")]
    [InlineData("/STREAMS/")]
    [InlineData("/streams/")]
    public async Task Stream_tokens_are_redacted_in_any_letter_case(string prefix)
    {
        await using var server = await ServerInstance.StartAsync();
        const string token = "c2VjcmV0LXN0cmVhbS10b2tlbi10aGF0LW11c3Qtbm90LWxlYWs";
        using var http = server.CreateClient();
        using var response = await http.GetAsync(new Uri(prefix + token + "/index.m3u8", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        var line = Assert.Single(await RequestLinesAsync(server, "/index.m3u8"));
        Assert.Contains("/***/index.m3u8", line, StringComparison.Ordinal);
        Assert.DoesNotContain(token, server.Logs.AllText, StringComparison.Ordinal);
    }

    /// <summary>The request lines mentioning <paramref name="marker"/>; the line is written after the response, so wait briefly.</summary>
    private static async Task<List<string>> RequestLinesAsync(ServerInstance server, string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var lines = server.Logs.Lines.Where(l => l.Contains(Category, StringComparison.Ordinal) && l.Contains("HTTP GET", StringComparison.Ordinal)
                && l.Contains(marker, StringComparison.OrdinalIgnoreCase)).ToList();
            if (lines.Count > 0 || DateTime.UtcNow > deadline)
            {
                return lines;
            }

            await Task.Delay(20);
        }
    }
}
