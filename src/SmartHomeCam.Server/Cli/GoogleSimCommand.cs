namespace SmartHomeCam.Server.Cli;

/// <summary>Placeholder entry point; the conformance run arrives with the fulfillment endpoint.</summary>
internal static class GoogleSimCommand
{
    public static async Task<int> RunAsync(ParsedArguments args, TextWriter output, TextWriter error)
    {
        _ = args;
        _ = output;
        await error.WriteLineAsync("google-sim is not available in this build yet.").ConfigureAwait(false);
        return 2;
    }
}
