using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartHomeCam.Testing;

/// <summary>One JSON body to check against Google's schemas.</summary>
public sealed record SchemaCase(string Name, string Intent, string Direction, JsonNode Body);

/// <summary>
/// The reference validator: tests/schema/validate_google.py (Debian python3-jsonschema, a full Draft 7 validator) over
/// a batch, reading the vendored schemas. SmartHomeCam.GoogleSim's own validator is cross-checked against it.
/// </summary>
public static class GoogleSchemaValidator
{
    public static async Task<(bool Ok, string Report)> ValidateAsync(IEnumerable<SchemaCase> cases)
    {
        var path = ExternalTool.TempFile(".json");
        try
        {
            var array = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["intent"] = c.Intent,
                ["direction"] = c.Direction,
                ["body"] = c.Body.DeepClone(),
            }).ToArray());
            await File.WriteAllTextAsync(path, array.ToJsonString()).ConfigureAwait(false);
            var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            var (code, stdout, stderr) = await ExternalTool.RunAsync(
                python, [RepositoryPaths.SchemaValidatorScript, RepositoryPaths.GoogleSchemas, path]).ConfigureAwait(false);
            return (code == 0, stdout + stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static SchemaCase Case(string name, string intent, string direction, string json) =>
        new(name, intent, direction, JsonNode.Parse(json) ?? throw new JsonException("empty"));
}
