using System.Net.Sockets;
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

    [Theory]
    [InlineData("{\"requestId\":\"\\ud800\",\"inputs\":[{\"intent\":\"action.devices.SYNC\"}]}")]
    [InlineData("{\"requestId\":\"r1\",\"inputs\":[{\"intent\":\"action.devices.\\udc00SYNC\"}]}")]
    [InlineData("{\"requestId\":\"\\ud83d\\u0041\",\"inputs\":[{\"intent\":\"action.devices.QUERY\",\"payload\":{\"devices\":[{\"id\":\"\\udfff\"}]}}]}")]
    public async Task Lone_surrogates_get_200_with_a_protocol_error(string body)
    {
        var (status, response) = await PostBytesAsync(Encoding.ASCII.GetBytes(body));
        Assert.Equal(200, status);
        AssertProtocolAnswer(response);
    }

    [Theory]
    [InlineData("requestId")]
    [InlineData("intent")]
    [InlineData("device id")]
    public async Task Invalid_utf8_gets_200_with_a_protocol_error(string where)
    {
        byte[] bad = [0xC3, 0x28, 0xFF, 0xFE];
        var prefix = where switch
        {
            "requestId" => "{\"requestId\":\"",
            "intent" => "{\"requestId\":\"r1\",\"inputs\":[{\"intent\":\"action.devices.",
            _ => "{\"requestId\":\"r1\",\"inputs\":[{\"intent\":\"action.devices.QUERY\",\"payload\":{\"devices\":[{\"id\":\"",
        };
        var suffix = where switch
        {
            "requestId" => "\",\"inputs\":[{\"intent\":\"action.devices.SYNC\"}]}",
            "intent" => "SYNC\"}]}",
            _ => "\"}]}}]}",
        };
        var (status, response) = await PostBytesAsync([.. Encoding.ASCII.GetBytes(prefix), .. bad, .. Encoding.ASCII.GetBytes(suffix)]);
        Assert.Equal(200, status);
        AssertProtocolAnswer(response);
    }

    [Theory]
    [InlineData("FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n")]
    [InlineData("1\r\n{\r\n123456789ABCDEF01\r\n}\r\n0\r\n\r\n")]
    [InlineData("zz\r\n{}\r\n0\r\n\r\n")]
    [InlineData("2\r\n{}XX0\r\n\r\n")]
    public async Task Broken_chunked_bodies_get_400_never_500(string chunkedBody)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(f.Server.BaseAddress.Host, f.Server.BaseAddress.Port);
        var stream = socket.GetStream();
        var head = "POST /fulfillment HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + f.Client.AccessToken +
            "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + chunkedBody));

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(statusLine);
        var status = int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(status is 400 or 413, statusLine + "\n" + f.Server.Logs.AllText);
        Assert.DoesNotContain(f.Server.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("fulfillment", StringComparison.OrdinalIgnoreCase));
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

    private async Task<(int Status, string Body)> PostBytesAsync(byte[] body)
    {
        using var http = f.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/fulfillment", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", f.Client.AccessToken);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static void AssertProtocolAnswer(string response)
    {
        using var json = JsonDocument.Parse(response);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        Assert.True(json.RootElement.TryGetProperty("payload", out var payload), response);
        Assert.Equal(JsonValueKind.Object, payload.ValueKind);
        Assert.DoesNotContain("Exception", response, StringComparison.Ordinal);
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
