using System.Text.Json;
using System.Text.Json.Nodes;
using SmartHomeCam.GoogleSim;
using SmartHomeCam.Server.Cli;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Fulfillment.Tests;

/// <summary>The google-sim command run against a real server over HTTP, and its schema checks against the reference.</summary>
public sealed class GoogleSimTests
{
    private static string[] Args(ServerInstance server, string email, string secret = ServerInstance.ClientSecret, params string[] extra) =>
    [
        "google-sim", "--base-url", server.BaseAddress.ToString(), "--email", email, "--password-stdin",
        "--client-id", ServerInstance.ClientId, "--client-secret", secret, "--project-id", ServerInstance.ProjectId, .. extra,
    ];

    [Fact]
    public async Task Google_sim_passes_every_check_against_a_working_deployment_with_its_embedded_schemas()
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        var output = new StringWriter();
        var code = await CommandLine.RunAsync(Args(server, email), new StringReader(TestAccounts.Password + "\n"), output, new StringWriter());
        var text = output.ToString();
        Assert.True(code == 0, text);
        Assert.Contains("(schemas: embedded)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", text, StringComparison.Ordinal);
        foreach (var intent in new[] { "SYNC", "QUERY", "EXECUTE" })
        {
            Assert.Contains($"PASS  {intent} matches Google's schema", text, StringComparison.Ordinal);
        }

        Assert.Contains("PASS  stream: segment is MPEG-TS", text, StringComparison.Ordinal);
        Assert.Matches("(1[5-9]|[2-9][0-9]) passed, 0 failed", text);
    }

    [Fact]
    public async Task Google_sim_reads_another_schema_directory_when_asked_and_refuses_one_without_schemas()
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        var output = new StringWriter();
        var code = await CommandLine.RunAsync(
            Args(server, email, extra: ["--schemas", RepositoryPaths.GoogleSchemas]), new StringReader(TestAccounts.Password + "\n"), output, new StringWriter());
        Assert.True(code == 0, output.ToString());
        Assert.Contains($"(schemas: {RepositoryPaths.GoogleSchemas})", output.ToString(), StringComparison.Ordinal);

        var error = new StringWriter();
        code = await CommandLine.RunAsync(
            Args(server, email, extra: ["--schemas", RepositoryPaths.FulfillmentSamples]), new StringReader(TestAccounts.Password + "\n"), new StringWriter(), error);
        Assert.Equal(2, code);
        Assert.Contains("--schemas", error.ToString(), StringComparison.Ordinal);
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

    /// <summary>
    /// GoogleSim's built-in validator must agree, document by document, with python3-jsonschema reading the same
    /// vendored files: every documented request and response, plus bodies that break each kind of rule.
    /// </summary>
    [Fact]
    public async Task Built_in_schema_checker_agrees_with_the_reference_validator_on_every_document()
    {
        var cases = new List<(string Intent, MessageDirection Direction, string Body)>();
        foreach (var (name, sample) in FulfillmentSamples.Load())
        {
            var request = sample["request"]?.ToJsonString() ?? "{}";
            var intent = FulfillmentSamples.IntentOf(request);
            cases.Add((intent, MessageDirection.Response, sample["response"]!.ToJsonString()));
            if (!name.Contains("-error-", StringComparison.Ordinal))
            {
                cases.Add((intent, MessageDirection.Request, request));
            }
        }

        cases.AddRange(CraftedCases);
        var batch = cases.Select((c, i) => new SchemaCase($"case-{i}", c.Intent, c.Direction == MessageDirection.Request ? "request" : "response", JsonNode.Parse(c.Body)!));
        var (_, report) = await GoogleSchemaValidator.ValidateAsync(batch);
        Assert.Contains($"validated {cases.Count} cases", report, StringComparison.Ordinal);

        var disagreements = new List<string>();
        var firstCrafted = cases.Count - CraftedCases.Length;
        for (var i = 0; i < cases.Count; i++)
        {
            var (intent, direction, body) = cases[i];
            using var document = JsonDocument.Parse(body);
            var ours = GoogleSchemas.Embedded.Check(intent, direction, document.RootElement);
            var reference = report.Split('\n').Where(l => l.StartsWith($"case-{i}: ", StringComparison.Ordinal)).ToList();
            if ((ours.Count == 0) != (reference.Count == 0))
            {
                disagreements.Add($"{intent} {direction} {body}\n  built-in: {string.Join("; ", ours)}\n  reference: {string.Join("; ", reference)}");
            }

            // The crafted bodies also pin the verdict, so agreement cannot be "both accept everything".
            if (i >= firstCrafted && (reference.Count > 0) != (i - firstCrafted < CraftedInvalidCount))
            {
                disagreements.Add($"crafted case {i - firstCrafted} got the wrong verdict from the reference: {body}\n  {string.Join("; ", reference)}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [Fact]
    public void Embedded_schemas_are_the_vendored_files_byte_for_byte_with_licence_and_source_note()
    {
        var files = Directory.GetFiles(RepositoryPaths.GoogleSchemas, "*.schema.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryPaths.GoogleSchemas, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(13, files.Count);
        Assert.Equal(files, GoogleSchemas.EmbeddedPaths);
        foreach (var relative in files)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.GoogleSchemas, relative)), GoogleSchemas.ReadEmbedded(relative));
        }

        var licence = GoogleSchemas.ReadEmbedded("LICENSE")!;
        Assert.Contains("Apache License", licence, StringComparison.Ordinal);
        Assert.Contains("Version 2.0", licence, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.GoogleSchemas, "LICENSE")), licence);
        var source = File.ReadAllText(Path.Combine(RepositoryPaths.GoogleSchemas, "SOURCE.md"));
        Assert.Contains("google-home/smart-home-schema", source, StringComparison.Ordinal);
        Assert.Matches("commit\\s+`[0-9a-f]{40}`", source);
    }

    [Fact]
    public void Vendored_schemas_use_no_keyword_the_built_in_validator_ignores()
    {
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var relative in GoogleSchemas.EmbeddedPaths)
        {
            Walk(GoogleSchemas.Embedded.Schema(relative), relative, unknown);
        }

        Assert.Empty(unknown);
    }

    [Fact]
    public void A_schema_directory_without_schemas_is_refused()
    {
        Assert.Throws<DirectoryNotFoundException>(() => GoogleSchemas.FromDirectory(RepositoryPaths.FulfillmentSamples));
        Assert.Throws<ArgumentException>(() => GoogleSchemas.Embedded.CheckResponse("REPORT_STATE", JsonDocument.Parse("{}").RootElement));
    }

    [Fact]
    public async Task Linking_client_links_with_PKCE_and_body_credentials_and_its_tokens_reach_fulfillment()
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        using var linking = new AccountLinkingClient(server.BaseAddress, LinkingFlow.Credentials);
        var tokens = await linking.LinkAsync(email, TestAccounts.Password, "pkce-state", ClientAuthentication.Body, PkcePair.Create());
        Assert.NotNull(tokens.RefreshToken);

        using var intents = new IntentClient(server.BaseAddress, tokens.AccessToken);
        var (status, body) = await intents.PostAsync(IntentRequests.Sync("pkce-sync"));
        Assert.Equal(200, status);
        Assert.Empty(GoogleSchemas.Embedded.CheckResponse("SYNC", JsonDocument.Parse(body).RootElement));

        // A code bound to one challenge does not redeem with another verifier.
        var code = await linking.GetCodeAsync(email, TestAccounts.Password, "pkce-2", PkcePair.Create().Challenge);
        using var refused = await linking.ExchangeCodeAsync(code, codeVerifier: PkcePair.Create().Verifier);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(await TokenSet.ReadAsync(refused));
    }

    [Fact]
    public void Pkce_challenge_is_S256_of_the_verifier_as_in_RFC_7636_appendix_B()
    {
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", PkcePair.For("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").Challenge);
        var fresh = PkcePair.Create();
        Assert.Matches("^[A-Za-z0-9_-]{43}$", fresh.Verifier);
        Assert.NotEqual(fresh.Verifier, PkcePair.Create().Verifier);
        Assert.Equal(PkcePair.For(fresh.Verifier).Challenge, fresh.Challenge);
    }

    [Fact]
    public void Every_request_the_simulator_sends_matches_Googles_request_schemas()
    {
        string[] ids = ["cam-1", "odd \"id\" with quotes"];
        var requests = new (string Intent, string Body)[]
        {
            ("SYNC", IntentRequests.Sync("r-1")),
            ("QUERY", IntentRequests.Query("r-2", ids)),
            ("EXECUTE", IntentRequests.Execute("r-3", ids[1])),
            ("EXECUTE", IntentRequests.Execute("r-4", ids[0], ["progressive_mp4", "hls"])),
            ("DISCONNECT", IntentRequests.Disconnect("r-5")),
        };
        foreach (var (intent, body) in requests)
        {
            var root = JsonDocument.Parse(body).RootElement;
            Assert.Empty(GoogleSchemas.Embedded.CheckRequest(intent, root));
            Assert.Equal("action.devices." + intent, root.GetProperty("inputs")[0].GetProperty("intent").GetString());
        }

        var execute = JsonDocument.Parse(requests[2].Body).RootElement.GetProperty("inputs")[0].GetProperty("payload").GetProperty("commands")[0];
        Assert.Equal(ids[1], execute.GetProperty("devices")[0].GetProperty("id").GetString());
        Assert.Equal("hls", execute.GetProperty("execution")[0].GetProperty("params").GetProperty("SupportedStreamProtocols")[0].GetString());
    }

    [Theory]
    [InlineData("<form method=\"post\"><input name=\"a\" value=\"1\"></form>", "https://h.example/oauth/authorize?x=1")]
    [InlineData("<form method=\"post\" action=\"/account/login?ReturnUrl=%2F\"><input name=\"a\" value=\"1\"></form>", "https://h.example/account/login?ReturnUrl=%2F")]
    [InlineData("<form action=\"consent\" method=\"post\"><input name=\"a\" value=\"1\"></form>", "https://h.example/oauth/consent")]
    [InlineData("<form action=\"https://other.example/x?a=1&amp;b=2\"><input name=\"a\" value=\"1\"></form>", "https://other.example/x?a=1&b=2")]
    public void Html_forms_are_submitted_where_a_browser_would_submit_them(string html, string expected)
    {
        Assert.Equal(new Uri(expected), HtmlForm.Target(html, new Uri("https://h.example/oauth/authorize?x=1")));
        Assert.Equal("1", HtmlForm.Inputs(html)["a"]);
    }

    private const int CraftedInvalidCount = 14;

    /// <summary>The first <see cref="CraftedInvalidCount"/> break a rule; the rest are valid edge cases.</summary>
    private static readonly (string Intent, MessageDirection Direction, string Body)[] CraftedCases =
    [
        ("SYNC", MessageDirection.Response, """{"requestId":"r","payload":{"agentUserId":"a","devices":[{"id":"x","type":"action.devices.types.CAMERA","traits":[],"name":{"name":"n"},"willReportState":false,"extra":1}]}}"""),
        ("SYNC", MessageDirection.Response, """{"requestId":"r","payload":{"agentUserId":"a","devices":[{"id":"x","type":"action.devices.types.CAMERA","traits":["action.devices.traits.CameraStream"],"name":{"name":"n"},"willReportState":false,"attributes":{"cameraStreamSupportedProtocols":"hls","cameraStreamNeedAuthToken":true}}]}}"""),
        ("SYNC", MessageDirection.Response, """{"requestId":"r","payload":{"agentUserId":"a","devices":[{"id":"x","type":"action.devices.types.CAMERA","traits":["action.devices.traits.CameraStream"],"name":{"name":"n"},"willReportState":false}]}}"""),
        ("QUERY", MessageDirection.Response, """{"requestId":"r","payload":{"devices":{"x":{"online":"yes","status":"SUCCESS"}}}}"""),
        ("QUERY", MessageDirection.Response, """{"requestId":"r","payload":{"devices":{"x":{"online":true,"status":"MAYBE"}}}}"""),
        ("QUERY", MessageDirection.Response, """{"requestId":"r","payload":{"devices":{"x":{"online":true,"status":"ERROR","errorCode":"oops"}}}}"""),
        ("EXECUTE", MessageDirection.Response, """{"requestId":"r","payload":{"commands":[{"ids":["x"],"status":"SUCCESS","states":{"cameraStreamProtocol":"hls"}}]}}"""),
        ("EXECUTE", MessageDirection.Response, """{"requestId":"r","payload":{"commands":[{"ids":["x"],"status":"SUCCESS","states":{"online":true,"cameraStreamProtocol":"webrtc","cameraStreamAccessUrl":"https://a/b"}}]}}"""),
        ("EXECUTE", MessageDirection.Response, """{"requestId":"r","payload":{"commands":[{"ids":["x"],"status":"ERROR","errorCode":"made-up"}]}}"""),
        ("EXECUTE", MessageDirection.Response, """{"requestId":"r","payload":{"errorCode":42}}"""),
        ("DISCONNECT", MessageDirection.Response, """{"x":1}"""),
        ("EXECUTE", MessageDirection.Request, """{"requestId":"r","inputs":[{"intent":"action.devices.EXECUTE","payload":{"commands":[{"devices":[{"id":"x"}],"execution":[{"command":"action.devices.commands.GetCameraStream","params":{"StreamToChromecast":"yes","SupportedStreamProtocols":["hls"]}}]}]}}]}"""),
        ("SYNC", MessageDirection.Request, """{"requestId":"r","inputs":[{"intent":"action.devices.QUERY"}]}"""),
        ("QUERY", MessageDirection.Request, """{"requestId":7,"inputs":[{"intent":"action.devices.QUERY","payload":{"devices":[{"id":"x"}]}}]}"""),
        ("EXECUTE", MessageDirection.Response, """{"requestId":"r","payload":{"commands":[{"ids":["x"],"status":"SUCCESS","states":{"online":true,"cameraStreamProtocol":"hls","cameraStreamAccessUrl":"https://a/b.m3u8","cameraStreamAuthToken":"t"}}]}}"""),
        ("EXECUTE", MessageDirection.Response, """{"requestId":"r","payload":{"commands":[{"ids":["x"],"status":"OFFLINE","errorCode":"deviceOffline"}]}}"""),
        ("EXECUTE", MessageDirection.Response, """{"requestId":"r","payload":{"errorCode":"protocolError"}}"""),
        ("DISCONNECT", MessageDirection.Response, "{}"),
        ("QUERY", MessageDirection.Response, """{"requestId":"r","payload":{"devices":{"x":{"online":false,"status":"OFFLINE","errorCode":"deviceOffline"}}}}"""),
    ];

    private static void Walk(JsonElement schema, string where, SortedSet<string> unknown)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (!SchemaSubsetValidator.EnforcedKeywords.Contains(keyword.Name) && !SchemaSubsetValidator.AnnotationKeywords.Contains(keyword.Name))
            {
                unknown.Add($"{where}: {keyword.Name}");
            }

            switch (keyword.Name)
            {
                case "properties":
                    foreach (var property in keyword.Value.EnumerateObject())
                    {
                        Walk(property.Value, $"{where}/{property.Name}", unknown);
                    }

                    break;
                case "oneOf":
                    foreach (var alternative in keyword.Value.EnumerateArray())
                    {
                        Walk(alternative, where, unknown);
                    }

                    break;
                case "items" or "additionalProperties" or "if" or "then" or "else":
                    Walk(keyword.Value, where, unknown);
                    break;
            }
        }
    }
}
