using System.Collections.Concurrent;
using System.Text.Json;

namespace SmartHomeCam.GoogleSim;

/// <summary>
/// Google's smart-home schemas (google-home/smart-home-schema, vendored under <c>Schemas/</c> and embedded here)
/// and the checks applied to a fulfillment body: the intent's envelope schema, the CameraStream attributes,
/// params and results schemas where they apply, and every <c>errorCode</c> against the known codes.
/// tests/schema/validate_google.py applies the same checks with python3-jsonschema; the tests keep them in step.
/// </summary>
public sealed class GoogleSchemas
{
    private const string ResourcePrefix = "google-schemas/";
    private const string CameraStreamTrait = "action.devices.traits.CameraStream";
    private const string GetCameraStream = "action.devices.commands.GetCameraStream";

    private readonly Func<string, string?> read;
    private readonly ConcurrentDictionary<string, JsonElement> parsed = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlySet<string>> errorCodes;

    private GoogleSchemas(string origin, Func<string, string?> read)
    {
        Origin = origin;
        this.read = read;
        errorCodes = new(LoadErrorCodes);
    }

    /// <summary>The copy compiled into this assembly: works from any published build, with no files beside it.</summary>
    public static GoogleSchemas Embedded { get; } = new("embedded", ReadEmbedded);

    /// <summary>Relative paths (upstream layout) of every embedded schema.</summary>
    public static IReadOnlyList<string> EmbeddedPaths { get; } = typeof(GoogleSchemas).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".schema.json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>"embedded", or the directory the schemas were read from.</summary>
    public string Origin { get; }

    /// <summary>Every code an <c>errorCode</c> field may carry: the general ones plus both error enums.</summary>
    public IReadOnlySet<string> ErrorCodes => errorCodes.Value;

    /// <summary>Schemas in the upstream layout read from a directory, e.g. a newer checkout of smart-home-schema.</summary>
    public static GoogleSchemas FromDirectory(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!File.Exists(Path.Combine(full, "intents", "sync", "sync.response.schema.json")))
        {
            throw new DirectoryNotFoundException($"{full} does not hold Google's smart-home schemas (no intents/sync/sync.response.schema.json).");
        }

        return new GoogleSchemas(full, relative =>
        {
            var path = Path.Combine(full, relative);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        });
    }

    /// <summary>The text of an embedded file (a schema, LICENSE or SOURCE.md) by its relative path, or null.</summary>
    public static string? ReadEmbedded(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        using var stream = typeof(GoogleSchemas).Assembly.GetManifestResourceStream(ResourcePrefix + relative.Replace('\\', '/'));
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>One schema document, parsed once.</summary>
    public JsonElement Schema(string relative) => parsed.GetOrAdd(relative, r =>
    {
        using var document = JsonDocument.Parse(read(r) ?? throw new FileNotFoundException($"No schema {r} in {Origin}."));
        return document.RootElement.Clone();
    });

    public IReadOnlyList<string> CheckResponse(string intent, JsonElement body) => Check(intent, MessageDirection.Response, body);

    public IReadOnlyList<string> CheckRequest(string intent, JsonElement body) => Check(intent, MessageDirection.Request, body);

    /// <summary>Every problem of <paramref name="body"/> as a SYNC/QUERY/EXECUTE/DISCONNECT request or response; empty when valid.</summary>
    public IReadOnlyList<string> Check(string intent, MessageDirection direction, JsonElement body)
    {
        var name = IntentName(intent);
        var half = direction == MessageDirection.Request ? "request" : "response";
        var problems = new List<string>();
        Validate($"intents/{name}/{name}.{half}.schema.json", body, $"{name}.{half}", problems);
        var payload = Member(body, "payload");
        if (direction == MessageDirection.Response)
        {
            CheckCode(Member(payload, "errorCode"), "payload", problems);
        }

        switch (name, direction)
        {
            case ("sync", MessageDirection.Response):
                CheckSyncDevices(payload, problems);
                break;
            case ("query", MessageDirection.Response):
                foreach (var device in Properties(Member(payload, "devices")))
                {
                    CheckCode(Member(device.Value, "errorCode"), $"devices.{device.Name}", problems);
                }

                break;
            case ("execute", MessageDirection.Response):
                CheckExecuteResults(payload, problems);
                break;
            case ("execute", MessageDirection.Request):
                CheckExecuteParams(body, problems);
                break;
        }

        return problems;
    }

    private void CheckSyncDevices(JsonElement payload, List<string> problems)
    {
        var i = 0;
        foreach (var device in Items(Member(payload, "devices")))
        {
            if (Items(Member(device, "traits")).Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == CameraStreamTrait))
            {
                var attributes = Member(device, "attributes");
                Validate("traits/camerastream/camerastream.attributes.schema.json",
                    attributes.ValueKind == JsonValueKind.Undefined ? EmptyObject() : attributes, $"devices[{i}].attributes", problems);
            }

            i++;
        }
    }

    private void CheckExecuteResults(JsonElement payload, List<string> problems)
    {
        var i = 0;
        foreach (var command in Items(Member(payload, "commands")))
        {
            CheckCode(Member(command, "errorCode"), $"commands[{i}]", problems);
            var states = Member(command, "states");
            if (Member(states, "cameraStreamProtocol").ValueKind != JsonValueKind.Undefined)
            {
                // "online" belongs to the envelope's states, not to GetCameraStream's results (spec: execute.response).
                var results = JsonSerializer.SerializeToElement(
                    states.EnumerateObject().Where(p => p.Name != "online").ToDictionary(p => p.Name, p => p.Value));
                Validate("traits/camerastream/getcamerastream.results.schema.json", results, $"commands[{i}].states", problems);
            }

            i++;
        }
    }

    private void CheckExecuteParams(JsonElement body, List<string> problems)
    {
        var i = 0;
        foreach (var input in Items(Member(body, "inputs")))
        {
            var j = 0;
            foreach (var command in Items(Member(Member(input, "payload"), "commands")))
            {
                var k = 0;
                foreach (var execution in Items(Member(command, "execution")))
                {
                    var verb = Member(execution, "command");
                    if (verb.ValueKind == JsonValueKind.String && verb.GetString() == GetCameraStream)
                    {
                        var parameters = Member(execution, "params");
                        Validate("traits/camerastream/getcamerastream.params.schema.json",
                            parameters.ValueKind == JsonValueKind.Undefined ? EmptyObject() : parameters,
                            $"inputs[{i}].commands[{j}].execution[{k}].params", problems);
                    }

                    k++;
                }

                j++;
            }

            i++;
        }
    }

    private void Validate(string relative, JsonElement instance, string where, List<string> problems) =>
        problems.AddRange(SchemaSubsetValidator.Validate(Schema(relative), instance).Select(e => $"{where} {e}"));

    private void CheckCode(JsonElement code, string where, List<string> problems)
    {
        if (code.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return;
        }

        if (code.ValueKind != JsonValueKind.String || !ErrorCodes.Contains(code.GetString()!))
        {
            problems.Add($"{where}: unknown errorCode {code.GetRawText()}");
        }
    }

    private HashSet<string> LoadErrorCodes()
    {
        var codes = new HashSet<string>(GeneralErrorCodes.All, StringComparer.Ordinal);
        foreach (var relative in new[] { "platform/errors.schema.json", "traits/camerastream/getcamerastream.errors.schema.json" })
        {
            codes.UnionWith(Schema(relative).GetProperty("enum").EnumerateArray().Select(c => c.GetString()!));
        }

        return codes;
    }

    private static string IntentName(string intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var name = intent.StartsWith("action.devices.", StringComparison.OrdinalIgnoreCase) ? intent["action.devices.".Length..] : intent;
        return name.ToUpperInvariant() switch
        {
            "SYNC" or "QUERY" or "EXECUTE" or "DISCONNECT" => name.ToLowerInvariant(),
            _ => throw new ArgumentException($"Unknown intent '{intent}' (SYNC, QUERY, EXECUTE or DISCONNECT).", nameof(intent)),
        };
    }

    private static JsonElement Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static IEnumerable<JsonElement> Items(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var item in element.EnumerateArray())
        {
            yield return item;
        }
    }

    private static IEnumerable<JsonProperty> Properties(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in element.EnumerateObject())
        {
            yield return property;
        }
    }

    private static JsonElement EmptyObject() => JsonSerializer.SerializeToElement(new Dictionary<string, string>());
}
