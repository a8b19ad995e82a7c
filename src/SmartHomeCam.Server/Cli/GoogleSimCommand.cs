using SmartHomeCam.GoogleSim;
using SmartHomeCam.Linking;

namespace SmartHomeCam.Server.Cli;

/// <summary>
/// <c>google-sim</c>: plays Google's part (SmartHomeCam.GoogleSim) against any deployment and exits non-zero on any
/// failed check. Validates with the schemas embedded in that library; <c>--schemas DIR</c> uses another copy instead.
/// </summary>
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

        var client = new GoogleClientCredentials(args.Get("client-id") ?? "google-home", secret, redirects[args.Has("sandbox") ? 1 : 0]);
        var settings = new SimSettings(args.Require("email"), password, client);
        var schemas = LoadSchemas(args.Get("schemas"));
        await output.WriteLineAsync($"google-sim against {baseUrl} (schemas: {schemas.Origin})").ConfigureAwait(false);
        var report = new SimReport(output);
        using (var simulator = new GoogleSimulator(baseUrl, settings, schemas, report, TestSuite(args)))
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

    /// <summary><c>--homegraph-url URL [--suite-timeout SECONDS]</c>: also run the Test Suite's HomeGraph checks against a fake HomeGraph.</summary>
    private static TestSuiteSettings? TestSuite(ParsedArguments args)
    {
        if (args.Get("homegraph-url") is not { } url)
        {
            return null;
        }

        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var homeGraph))
        {
            throw new UsageException("--homegraph-url must be an absolute URL.");
        }

        var seconds = args.Get("suite-timeout") is { } text && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 60;
        return new TestSuiteSettings(homeGraph, TimeSpan.FromSeconds(seconds));
    }

    private static GoogleSchemas LoadSchemas(string? directory)
    {
        if (directory is null)
        {
            return GoogleSchemas.Embedded;
        }

        try
        {
            return GoogleSchemas.FromDirectory(directory);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new UsageException("--schemas: " + e.Message);
        }
    }
}
