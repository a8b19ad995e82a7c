using SmartHomeCam.Fakes.HomeGraph;
using SmartHomeCam.Server.Cli;
using SmartHomeCam.Testing;

namespace SmartHomeCam.HomeGraph.Tests;

/// <summary>google-sim with the Test Suite's HomeGraph checks, against the real server reporting to the fake HomeGraph.</summary>
public sealed class OfflineTestSuiteTests
{
    [Fact]
    public async Task The_offline_test_suite_passes_against_a_deployment_that_reports()
    {
        await using var fake = await FakeHomeGraph.StartAsync();
        await using var server = await ServerInstance.StartAsync(ReportingHarness.Settings(fake));
        var email = await TestAccounts.CreateAsync(server);
        var output = new StringWriter();

        var code = await CommandLine.RunAsync(
            ["google-sim", "--base-url", server.BaseAddress.ToString(), "--email", email, "--password-stdin",
             "--client-id", ServerInstance.ClientId, "--client-secret", ServerInstance.ClientSecret, "--project-id", ServerInstance.ProjectId,
             "--homegraph-url", fake.BaseAddress.ToString(), "--suite-timeout", "20"],
            new StringReader(TestAccounts.Password + "\n"), output, new StringWriter());

        var text = output.ToString();
        Assert.True(code == 0, text);
        Assert.DoesNotContain("FAIL", text, StringComparison.Ordinal);
        foreach (var check in new[]
                 {
                     "every SYNCed device has a reported state", "QUERY equals the reported state", "adding a camera causes exactly one Request Sync",
                     "the next SYNC lists the added camera", "renaming a camera causes exactly one Request Sync", "the next SYNC shows the new name",
                     "removing a camera causes exactly one Request Sync", "the next SYNC no longer lists the removed camera", "a doorbell press is announced exactly once",
                 })
        {
            Assert.Contains("PASS  test suite: " + check, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_offline_test_suite_fails_when_the_deployment_does_not_report()
    {
        await using var fake = await FakeHomeGraph.StartAsync();
        await using var server = await ServerInstance.StartAsync(); // no service account: nothing reaches HomeGraph
        var email = await TestAccounts.CreateAsync(server);
        var output = new StringWriter();

        var code = await CommandLine.RunAsync(
            ["google-sim", "--base-url", server.BaseAddress.ToString(), "--email", email, "--password-stdin",
             "--client-id", ServerInstance.ClientId, "--client-secret", ServerInstance.ClientSecret, "--project-id", ServerInstance.ProjectId,
             "--homegraph-url", fake.BaseAddress.ToString(), "--suite-timeout", "3"],
            new StringReader(TestAccounts.Password + "\n"), output, new StringWriter());

        Assert.Equal(1, code);
        Assert.Contains("FAIL  test suite: every SYNCed device has a reported state", output.ToString(), StringComparison.Ordinal);
    }
}
