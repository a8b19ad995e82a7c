using System.Text.Json;
using System.Text.Json.Nodes;
using SmartHomeCam.GoogleSim;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Fulfillment.Tests;

/// <summary>Every documented sample is replayed against the server and every request and response is schema-checked.</summary>
public sealed class SampleTests
{
    [Fact]
    public async Task Every_sample_produces_its_documented_response_and_all_of_it_validates_against_Googles_schemas()
    {
        // The samples document an HLS-only deployment (WebRTC off); with WebRTC on, SYNC adds "webrtc" and EXECUTE
        // answers it to requests that allow it (README "WebRTC on Nest Hub displays").
        await using var f = await FulfillmentServer.StartAsync(new Dictionary<string, string?> { ["SmartHomeCam:PublicBaseUrl"] = FulfillmentSamples.PublicBaseUrl, ["WebRtc:Enabled"] = "false" });
        var devices = await f.DeviceIdsAsync();
        var (_, sync) = await f.Client.PostAsync(FulfillmentClient.Sync());
        var agent = JsonDocument.Parse(sync).RootElement.GetProperty("payload").GetProperty("agentUserId").GetString()!;
        var regenerate = Environment.GetEnvironmentVariable("SHC_REGENERATE_SAMPLES") == "1";

        // The failing camera's session must have failed before its sample is meaningful.
        await f.Client.PostAsync(FulfillmentClient.Execute(devices[TestCameraProvider.BrokenName]));

        var cases = new List<SchemaCase>();
        var mismatches = new List<string>();
        foreach (var (name, sample) in FulfillmentSamples.Load())
        {
            var request = FulfillmentSamples.RequestText(sample, devices);
            var intent = FulfillmentSamples.IntentOf(request);
            JsonNode actual = null!;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            do
            {
                var (status, body) = await f.Client.PostAsync(request);
                Assert.Equal(200, status);
                actual = FulfillmentSamples.Normalize(body, devices, agent);
                if (regenerate || JsonNode.DeepEquals(actual, sample["response"]))
                {
                    break;
                }

                await Task.Delay(100);
            }
            while (DateTime.UtcNow < deadline);

            if (regenerate)
            {
                sample["response"] = actual.DeepClone();
                await File.WriteAllTextAsync(
                    Path.Combine(RepositoryPaths.FulfillmentSamples, name + ".json"),
                    sample.ToJsonString(FulfillmentSamples.Readable) + "\n");
            }
            else if (!JsonNode.DeepEquals(actual, sample["response"]))
            {
                mismatches.Add($"{name}:\n  expected {sample["response"]?.ToJsonString()}\n  actual   {actual.ToJsonString()}");
            }

            cases.Add(new SchemaCase(name + " (actual response)", intent, "response", actual));
            cases.Add(new SchemaCase(name + " (documented response)", intent, "response", sample["response"]!));
            if (!name.Contains("-error-", StringComparison.Ordinal))
            {
                cases.Add(new SchemaCase(name + " (request)", intent, "request", JsonNode.Parse(request)!));
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        var (ok, report) = await GoogleSchemaValidator.ValidateAsync(cases);
        Assert.True(ok, report);
        Assert.Contains($"validated {cases.Count} cases, 0 problems", report, StringComparison.Ordinal);

        // google-sim's embedded validator accepts the same documents.
        var builtIn = cases.SelectMany(c => GoogleSchemas.Embedded.Check(
            c.Intent, c.Direction == "request" ? MessageDirection.Request : MessageDirection.Response,
            JsonSerializer.SerializeToElement(c.Body)).Select(p => $"{c.Name}: {p}")).ToList();
        Assert.True(builtIn.Count == 0, string.Join("\n", builtIn));
    }

    [Fact]
    public async Task The_validator_really_rejects_what_the_schemas_forbid()
    {
        var (ok, report) = await GoogleSchemaValidator.ValidateAsync(
        [
            GoogleSchemaValidator.Case("extra key on device", "SYNC", "response",
                """{"requestId":"r","payload":{"agentUserId":"a","devices":[{"id":"x","type":"action.devices.types.CAMERA","traits":["action.devices.traits.CameraStream"],"name":{"name":"n"},"willReportState":false,"secret":"no"}]}}"""),
            GoogleSchemaValidator.Case("query without status", "QUERY", "response", """{"requestId":"r","payload":{"devices":{"x":{"online":true}}}}"""),
            GoogleSchemaValidator.Case("stream without url", "EXECUTE", "response", """{"requestId":"r","payload":{"commands":[{"ids":["x"],"status":"SUCCESS","states":{"cameraStreamProtocol":"hls"}}]}}"""),
            GoogleSchemaValidator.Case("made-up error code", "EXECUTE", "response", """{"requestId":"r","payload":{"commands":[{"ids":["x"],"status":"ERROR","errorCode":"oops"}]}}"""),
        ]);
        Assert.False(ok);
        foreach (var name in new[] { "extra key on device:", "query without status:", "stream without url:", "made-up error code:" })
        {
            Assert.Contains(name, report, StringComparison.Ordinal);
        }
    }
}
