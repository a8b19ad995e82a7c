using System.Globalization;
using System.Text.RegularExpressions;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>Runs wrk (Debian package) with a POST body and parses requests/s and the p99 latency.</summary>
public static partial class Wrk
{
    public static async Task<(double RequestsPerSecond, double P99Ms, string Raw)> PostAsync(Uri url, string body, string? bearer, int connections, int seconds)
    {
        var script = ExternalTool.TempFile(".lua");
        try
        {
            var lua = "wrk.method = \"POST\"\nwrk.body = [==[" + body + "]==]\nwrk.headers[\"Content-Type\"] = \"application/json\"\n" +
                      (bearer is null ? "" : $"wrk.headers[\"Authorization\"] = \"Bearer {bearer}\"\n");
            await File.WriteAllTextAsync(script, lua);
            var (code, stdout, stderr) = await ExternalTool.RunAsync(
                "wrk", ["-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "-s", script, url.ToString()], TimeSpan.FromSeconds(seconds + 60));
            if (code != 0)
            {
                throw new InvalidOperationException("wrk failed: " + stderr);
            }

            var rps = double.Parse(Rps().Match(stdout).Groups[1].Value, CultureInfo.InvariantCulture);
            var p99 = P99().Match(stdout);
            var p99Ms = double.Parse(p99.Groups[1].Value, CultureInfo.InvariantCulture) * p99.Groups[2].Value switch { "us" => 0.001, "ms" => 1, "s" => 1000, _ => double.NaN };
            if (Non2xx().Match(stdout) is { Success: true } bad)
            {
                throw new InvalidOperationException($"{bad.Value} from {url}: the benchmark would measure errors");
            }

            return (rps, p99Ms, stdout);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rps();

    [GeneratedRegex(@"99%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex P99();

    [GeneratedRegex(@"Non-2xx or 3xx responses: \d+")]
    private static partial Regex Non2xx();
}
