using SmartHomeCam.Linking;
using SmartHomeCam.Server.Cli.GoogleSim;

namespace SmartHomeCam.Server.Cli;

/// <summary><c>google-sim</c>: plays Google's part against any deployment and exits non-zero on any failed check.</summary>
internal static class GoogleSimCommand
{
    public static async Task<int> RunAsync(ParsedArguments args, TextReader input, TextWriter output, TextWriter error)
    {
        if (!Uri.TryCreate(args.Require("base-url"), UriKind.Absolute, out var baseUrl))
        {
            throw new UsageException("--base-url must be an absolute URL, e.g. https://cam.example.com");
        }

        if (!args.Has("password-stdin"))
        {
            throw new UsageException("pipe the account password and pass --password-stdin (passwords on the command line leak into shell history).");
        }

        var password = (await input.ReadLineAsync().ConfigureAwait(false))?.TrimEnd('\r', '\n') ?? "";
        var secret = args.Get("client-secret") ?? Environment.GetEnvironmentVariable("SHC_SIM_CLIENT_SECRET")
            ?? throw new UsageException("--client-secret (or SHC_SIM_CLIENT_SECRET) is required.");
        IReadOnlyList<string> redirects;
        try
        {
            redirects = GoogleRedirectUris.For(args.Require("project-id"));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        var settings = new SimSettings(args.Require("email"), password, args.Get("client-id") ?? "google-home", secret, redirects[args.Has("sandbox") ? 1 : 0]);
        var schemas = GoogleSchemas.Locate(args.Get("schemas"));
        await output.WriteLineAsync($"google-sim against {baseUrl} (schemas: {schemas?.Directory ?? "none found"})").ConfigureAwait(false);
        var report = new SimReport(output);
        using (var simulator = new GoogleSimulator(baseUrl, settings, schemas, report))
        {
            try
            {
                await simulator.RunAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or KeyNotFoundException)
            {
                report.Check("deployment reachable and well-formed", false, e.Message);
            }
        }

        await output.WriteLineAsync($"{report.Passed} passed, {report.Failed} failed").ConfigureAwait(false);
        if (report.Failed > 0)
        {
            await error.WriteLineAsync("google-sim: some checks failed.").ConfigureAwait(false);
        }

        return report.Failed == 0 && report.Passed > 0 ? 0 : 1;
    }
}
