using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartHomeCam.Cameras;
using SmartHomeCam.ScaleOut.Replica;
using SmartHomeCam.Server.Hosting;

// Configuration comes as "--Key value" arguments, as for the product. Extra keys:
//   ScaleOutTest:CounterPort  the reader counter's loopback port
//   ScaleOutTest:SeedEmail / ScaleOutTest:SeedPassword  an account to create at start (first replica only)
var app = SmartHomeCamApp.Build(args, builder =>
{
    var port = int.Parse(builder.Configuration["ScaleOutTest:CounterPort"] ?? "0", CultureInfo.InvariantCulture);
    builder.Services.AddSingleton<ICameraProvider>(new ReportingCameraProvider(port));
});
await SmartHomeCamApp.InitializeAsync(app, announceSetup: false).ConfigureAwait(false);
if (app.Configuration["ScaleOutTest:SeedEmail"] is { Length: > 0 } email)
{
    await using var scope = app.Services.CreateAsyncScope();
    var (user, error) = await scope.ServiceProvider.GetRequiredService<AccountCreator>()
        .CreateAsync(email, app.Configuration["ScaleOutTest:SeedPassword"] ?? "").ConfigureAwait(false);
    if (user is null)
    {
        throw new InvalidOperationException(error);
    }
}

await app.StartAsync().ConfigureAwait(false);
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine("LISTENING " + address);
await app.WaitForShutdownAsync().ConfigureAwait(false);
return 0;
