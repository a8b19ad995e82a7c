using SmartHomeCam.Server.Cli;
using SmartHomeCam.Server.Hosting;

// One binary: with a command word it is the admin CLI, otherwise the web service.
if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args).ConfigureAwait(false);
}

var app = SmartHomeCamApp.Build(args);
await SmartHomeCamApp.InitializeAsync(app).ConfigureAwait(false);
await app.RunAsync().ConfigureAwait(false);
return 0;
