using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Fulfillment.Tests;

/// <summary>Bad input gets a protocol answer: never a 500, never a stack trace.</summary>
public sealed class RobustnessTests : IAsyncLifetime
{
    private FulfillmentServer f = null!;

    public async Task InitializeAsync() => f = await FulfillmentServer.StartAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"SYNC\"")]
    [InlineData("{\"requestId\":\"r1\",\"inputs\":[]}")]
    [InlineData("{\"requestId\":\"r1\",\"inputs\":[7]}")]
    [InlineData("{\"requestId\":\"r1\",\"inputs\":[{\"intent\":null}]}")]
    [InlineData("{\"requestId\":\"r1\",\"inputs\":[{\"intent\":\"action.devices.EXECUTE\",\"payload\":{\"commands\":[{\"devices\":\"x\"}]}}]}")]
    [InlineData("{\"requestId\":\"r1\",\"inputs\":[{\"intent\":\"action.devices.EXECUTE\",\"payload\":{\"commands\":[{\"devices\":[{\"id\":5}],\"execution\":{}}]}}]}")]
    [InlineData("{\"requestId\":\"r1\",\"inputs\":[{\"intent\":\"action.devices.QUERY\",\"payload\":{\"devices\":[{\"id\":[]},1,null]}}]}")]
    public async Task Malformed_bodies_get_200_with_a_json_protocol_answer(string body)
    {
        var (status, response) = await f.Client.PostAsync(body);
        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(response);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        Assert.DoesNotContain("Exception", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deeply_nested_json_is_refused_politely()
    {
        var body = "{\"requestId\":\"deep\",\"inputs\":[" + new string('[', 200) + new string(']', 200) + "]}";
        var (status, response) = await f.Client.PostAsync(body);
        Assert.Equal(200, status);
        Assert.Contains("protocolError", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_over_the_documented_limit_gets_413()
    {
        var body = "{\"requestId\":\"big\",\"pad\":\"" + new string('x', 70 * 1024) + "\",\"inputs\":[{\"intent\":\"action.devices.SYNC\"}]}";
        var (status, _) = await f.Client.PostAsync(body);
        Assert.Equal(413, status);

        // Without Content-Length (chunked), the same limit holds.
        using var http = f.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/fulfillment", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", f.Client.AccessToken);
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request);
        Assert.Equal(413, (int)response.StatusCode);
    }

    /// <summary>
    /// A few thousand randomly mutated intent bodies (structure and raw text): every answer is HTTP 200, valid
    /// JSON, echoes a readable requestId, and validates against the response schema of its intent.
    /// </summary>
    [Fact]
    public async Task Thousands_of_mutated_intents_never_break_the_protocol()
    {
        var devices = await f.DeviceIdsAsync();
        var seeds = FulfillmentSamples.Load()
            .Where(s => s.Sample["request"] is not null && !s.Name.Contains("disconnect", StringComparison.Ordinal))
            .Select(s => FulfillmentSamples.RequestText(s.Sample, devices))
            .ToList();
        var random = new Random(20261122);
        var cases = new List<SchemaCase>();
        for (var i = 0; i < 2500; i++)
        {
            var seed = seeds[random.Next(seeds.Count)];
            var body = random.Next(4) == 0 ? MutateText(seed, random) : MutateStructure(JsonNode.Parse(seed)!, random).ToJsonString();
            var (status, response) = await f.Client.PostAsync(body);
            Assert.True(status == 200, $"HTTP {status} for {body}");
            JsonNode parsed;
            try
            {
                parsed = JsonNode.Parse(response)!;
            }
            catch (JsonException)
            {
                throw new Xunit.Sdk.XunitException($"Not JSON: {response} for {body}");
            }

            var readableId = ReadableRequestId(body);
            if (readableId is not null && parsed is JsonObject o && o.ContainsKey("requestId"))
            {
                Assert.Equal(readableId, o["requestId"]!.GetValue<string>());
            }

            cases.Add(new SchemaCase($"mutation {i}: {Truncate(body)}", FulfillmentSamples.IntentOf(body), "response", parsed));
        }

        var (ok, report) = await GoogleSchemaValidator.ValidateAsync(cases);
        Assert.True(ok, Truncate(report, 4000));
    }

    private static string? ReadableRequestId(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject o && o["requestId"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string MutateText(string text, Random random)
    {
        var chars = text.ToCharArray().ToList();
        switch (random.Next(3))
        {
            case 0:
                return text[..random.Next(text.Length)];
            case 1:
                const string pool = "{}[]\",:0aé\\\u0000";
                chars.Insert(random.Next(chars.Count), pool[random.Next(pool.Length)]);
                return new string([.. chars]);
            default:
                chars.RemoveAt(random.Next(chars.Count));
                return new string([.. chars]);
        }
    }

    private static JsonNode MutateStructure(JsonNode root, Random random)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[random.Next(nodes.Count)];
        var replacement = RandomValue(random);
        if (target.Parent is JsonObject parent)
        {
            var key = parent.First(kv => ReferenceEquals(kv.Value, target)).Key;
            switch (random.Next(3))
            {
                case 0:
                    parent.Remove(key);
                    break;
                case 1:
                    parent[key] = replacement;
                    break;
                default:
                    parent["x" + random.Next(100)] = replacement;
                    break;
            }
        }
        else if (target.Parent is JsonArray array)
        {
            var index = array.IndexOf(target);
            if (random.Next(2) == 0)
            {
                array.RemoveAt(index);
            }
            else
            {
                array[index] = replacement;
            }
        }
        else
        {
            return replacement ?? JsonValue.Create(0);
        }

        return root;
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        if (node is null)
        {
            return;
        }

        into.Add(node);
        if (node is JsonObject o)
        {
            foreach (var kv in o)
            {
                Collect(kv.Value, into);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var item in a)
            {
                Collect(item, into);
            }
        }
    }

    private static JsonNode? RandomValue(Random random) => random.Next(8) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next()),
        2 => JsonValue.Create("action.devices." + random.Next(5)),
        3 => new JsonArray(JsonValue.Create(1), JsonValue.Create("x")),
        4 => new JsonObject { ["id"] = random.Next(2) == 0 ? "cam-x" : null },
        5 => JsonValue.Create(random.Next(2) == 0),
        6 => JsonValue.Create(new string('z', random.Next(0, 300))),
        _ => JsonValue.Create(-1.5),
    };

    private static string Truncate(string text, int max = 300) => text.Length <= max ? text : text[..max] + "…";
}
