using System.Text.Json;
using SmartHomeCam.Server.Cli;
using SmartHomeCam.Server.Cli.GoogleSim;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Fulfillment.Tests;

/// <summary>The google-sim command run against a real server over HTTP.</summary>
public sealed class GoogleSimTests
{
    private static string[] Args(ServerInstance server, string email, string secret = ServerInstance.ClientSecret) =>
    [
        "google-sim", "--base-url", server.BaseAddress.ToString(), "--email", email, "--password-stdin",
        "--client-id", ServerInstance.ClientId, "--client-secret", secret, "--project-id", ServerInstance.ProjectId,
        "--schemas", RepositoryPaths.GoogleSchemas,
    ];

    [Fact]
    public async Task Google_sim_passes_every_check_against_a_working_deployment()
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        var output = new StringWriter();
        var code = await CommandLine.RunAsync(Args(server, email), new StringReader(TestAccounts.Password + "\n"), output, new StringWriter());
        var text = output.ToString();
        Assert.True(code == 0, text);
        Assert.DoesNotContain("FAIL", text, StringComparison.Ordinal);
        Assert.Contains("PASS  SYNC matches Google's schema", text, StringComparison.Ordinal);
        Assert.Contains("PASS  stream: segment is MPEG-TS", text, StringComparison.Ordinal);
        Assert.Matches("(1[5-9]|[2-9][0-9]) passed, 0 failed", text);
    }

    [Fact]
    public async Task Google_sim_fails_with_a_non_zero_exit_when_the_client_secret_is_wrong()
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        var output = new StringWriter();
        var code = await CommandLine.RunAsync(Args(server, email, "not-the-secret-at-all"), new StringReader(TestAccounts.Password + "\n"), output, new StringWriter());
        Assert.Equal(1, code);
        Assert.Contains("FAIL  token: code exchange", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Google_sim_refuses_a_password_on_the_command_line()
    {
        var error = new StringWriter();
        var code = await CommandLine.RunAsync(["google-sim", "--base-url", "https://x.example", "--email", "a@b.c"], TextReader.Null, new StringWriter(), error);
        Assert.Equal(2, code);
        Assert.Contains("--password-stdin", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>google-sim's built-in validator must agree with python3-jsonschema, the reference.</summary>
    [Fact]
    public async Task Built_in_schema_checker_agrees_with_the_reference_validator()
    {
        var schemas = GoogleSchemas.Locate(RepositoryPaths.GoogleSchemas)!;
        var bodies = new List<(string Intent, string Body)>();
        foreach (var (_, sample) in FulfillmentSamples.Load())
        {
            var request = sample["request"]?.ToJsonString() ?? "{}";
            bodies.Add((FulfillmentSamples.IntentOf(request), sample["response"]!.ToJsonString()));
        }

        bodies.Add(("SYNC", """{"requestId":"r","payload":{"agentUserId":"a","devices":[{"id":"x","type":"action.devices.types.CAMERA","traits":[],"name":{"name":"n"},"willReportState":false,"extra":1}]}}"""));
        bodies.Add(("SYNC", """{"requestId":"r","payload":{"agentUserId":"a","devices":[{"id":"x","type":"CAMERA","traits":[],"name":{"name":"n"},"willReportState":false}]}}"""));
        bodies.Add(("QUERY", """{"requestId":"r","payload":{"devices":{"x":{"online":"yes","status":"SUCCESS"}}}}"""));
        bodies.Add(("QUERY", """{"requestId":"r","payload":{"devices":{"x":{"online":true,"status":"MAYBE"}}}}"""));
        bodies.Add(("EXECUTE", """{"requestId":"r","payload":{"commands":[{"ids":["x"],"status":"SUCCESS","states":{"cameraStreamProtocol":"hls"}}]}}"""));
        bodies.Add(("EXECUTE", """{"requestId":"r","payload":{"commands":[{"ids":["x"]}]}}"""));
        bodies.Add(("DISCONNECT", """{"x":1}"""));

        foreach (var (intent, body) in bodies)
        {
            using var document = JsonDocument.Parse(body);
            var ours = schemas.CheckResponse(intent, document.RootElement).Count == 0;
            var (reference, report) = await GoogleSchemaValidator.ValidateAsync([GoogleSchemaValidator.Case("c", intent, "response", body)]);
            Assert.True(ours == reference, $"{intent} {body}: built-in says {ours}, reference says {reference}: {report}");
        }
    }
}
