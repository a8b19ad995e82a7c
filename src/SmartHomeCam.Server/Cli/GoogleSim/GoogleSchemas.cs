using System.Text.Json;

namespace SmartHomeCam.Server.Cli.GoogleSim;

/// <summary>Google's smart-home schemas (google-home/smart-home-schema) loaded from a directory.</summary>
public sealed class GoogleSchemas
{
    private readonly string directory;

    private GoogleSchemas(string directory) => this.directory = directory;

    /// <summary>--schemas, then GOOGLE_SCHEMAS_DIR, then shared/specs/google-schemas beside the repository.</summary>
    public static GoogleSchemas? Locate(string? explicitDirectory)
    {
        var candidates = new List<string?> { explicitDirectory, Environment.GetEnvironmentVariable("GOOGLE_SCHEMAS_DIR") };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmartHomeCam.sln")))
            {
                candidates.Add(Path.Combine(dir.FullName, "..", "shared", "specs", "google-schemas"));
            }
        }

        var found = candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(Path.Combine(c, "intents", "sync", "sync.response.schema.json")));
        return found is null ? null : new GoogleSchemas(Path.GetFullPath(found));
    }

    public string Directory => directory;

    /// <summary>Problems of <paramref name="body"/> against <c>intents/{intent}/{intent}.response.schema.json</c>.</summary>
    public IReadOnlyList<string> CheckResponse(string intent, JsonElement body)
    {
        var name = intent.ToLowerInvariant();
        var errors = new List<string>(Check($"intents/{name}/{name}.response.schema.json", body));
        if (name == "execute" && body.TryGetProperty("payload", out var payload) && payload.TryGetProperty("commands", out var commands))
        {
            foreach (var command in commands.EnumerateArray())
            {
                if (command.TryGetProperty("states", out var states) && states.TryGetProperty("cameraStreamProtocol", out _))
                {
                    var withoutOnline = JsonSerializer.SerializeToElement(
                        states.EnumerateObject().Where(p => p.Name != "online").ToDictionary(p => p.Name, p => p.Value));
                    errors.AddRange(Check("traits/camerastream/getcamerastream.results.schema.json", withoutOnline));
                }
            }
        }

        if (name == "sync" && body.TryGetProperty("payload", out var syncPayload) && syncPayload.TryGetProperty("devices", out var devices))
        {
            foreach (var device in devices.EnumerateArray())
            {
                if (device.TryGetProperty("attributes", out var attributes))
                {
                    errors.AddRange(Check("traits/camerastream/camerastream.attributes.schema.json", attributes));
                }
            }
        }

        return errors;
    }

    private List<string> Check(string relative, JsonElement instance)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, relative)));
        return SchemaSubsetValidator.Validate(schema.RootElement, instance).Select(e => $"{relative}: {e}").ToList();
    }
}
