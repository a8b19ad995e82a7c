using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;
using SmartHomeCam.Fakes.NestLegacy;
using SmartHomeCam.NestLegacy.Auth;
using SmartHomeCam.Testing;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>In the real server: the renewal timer reads the encrypted credential from the database and marks the connection when renewal fails.</summary>
public sealed class RenewalMarkingTests
{
    [Fact]
    public async Task The_server_renews_on_its_timer_and_marks_the_connection_when_google_ends_the_session()
    {
        await using var fake = await FakeNestServer.StartAsync();
        var settings = fake.ClientSettings();
        settings["NestLegacy:TokenRefreshMargin"] = "00:59:58"; // every token is due two seconds after its login
        settings["NestLegacy:TokenRenewalCheckInterval"] = "00:00:00.500";
        settings["NestLegacy:TokenRenewalRetry"] = "00:00:00.500";
        await using var f = await FulfillmentServer.StartAsync(settings);
        var user = await f.Server.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(f.Email);
        var manager = f.Server.Services.GetRequiredService<ConnectionManager>();
        var fields = new Dictionary<string, string> { ["method"] = "google", ["issue_token_url"] = fake.IssueTokenUrl.ToString() };
        var added = await manager.AddAsync(user!.Id, NestLegacyCameraProvider.ProviderId, new ConnectionRequest("Home", fields, fake.Scenario.Cookie), CancellationToken.None);

        var issued = fake.JwtsIssued;
        await Poll.UntilAsync(() => fake.JwtsIssued >= issued + 2, TimeSpan.FromSeconds(20), "the timer renewing the token with the stored credential");

        fake.Scenario.GoogleSessionEnded = true;
        await Poll.UntilAsync(
            async () => (await manager.FindAsync(user.Id, added.Id, CancellationToken.None))?.LastError?.StartsWith(NestConnectionDirectory.ProblemPrefix + "Google session ended", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(20), "the connection marked with the reason in plain words");

        // The credential is ciphertext at rest, and never in the log.
        await using var scope = f.Server.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ProviderConnections.AsNoTracking().SingleAsync(c => c.Id == added.Id);
        Assert.DoesNotContain(fake.Scenario.Cookie, row.ProtectedCredentials ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Scenario.Cookie, f.Server.Logs.AllText, StringComparison.Ordinal);

        fake.Scenario.GoogleSessionEnded = false;
        await Poll.UntilAsync(
            async () => (await manager.FindAsync(user.Id, added.Id, CancellationToken.None))?.LastError is null,
            TimeSpan.FromSeconds(20), "the mark cleared once renewal works again");
    }
}
