using System.Text.Json;
using System.Text.RegularExpressions;

namespace SmartHomeCam.GoogleSim;

/// <summary>
/// A JSON Schema (Draft 7) validator for exactly the keywords Google's smart-home schemas use: type, properties,
/// required, additionalProperties, items, enum, const, oneOf, pattern, if/then/else (format is an annotation in
/// Draft 7, as in the reference). The test suite checks that it agrees with a full validator (python3-jsonschema)
/// on the same documents, and that the vendored schemas use no other keyword.
/// </summary>
public static class SchemaSubsetValidator
{
    /// <summary>The keywords this validator enforces.</summary>
    public static IReadOnlySet<string> EnforcedKeywords { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "oneOf", "pattern", "if", "then", "else",
    };

    /// <summary>Keywords that assert nothing in Draft 7 (format included: validators only annotate it by default).</summary>
    public static IReadOnlySet<string> AnnotationKeywords { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "$schema", "$comment", "title", "description", "examples", "default", "format",
    };

    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "", errors);
        return errors;
    }

    private static void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("type", out var type) && !MatchesType(type, value))
        {
            errors.Add($"{Where(path)}: expected {type}, got {value.ValueKind}");
            return;
        }

        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, value)))
        {
            errors.Add($"{Where(path)}: {value} is not one of {options}");
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            errors.Add($"{Where(path)}: must equal {constant}");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && value.ValueKind == JsonValueKind.String &&
            !Regex.IsMatch(value.GetString()!, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{Where(path)}: does not match {pattern}");
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matching = oneOf.EnumerateArray().Count(s => Validate(s, value).Count == 0);
            if (matching != 1)
            {
                errors.Add($"{Where(path)}: matches {matching} of the oneOf alternatives instead of exactly one");
            }
        }

        if (schema.TryGetProperty("if", out var condition))
        {
            var branch = Validate(condition, value).Count == 0 ? "then" : "else";
            if (schema.TryGetProperty(branch, out var next))
            {
                Check(next, value, path, errors);
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(schema, value, path, errors);
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, $"{path}/{i++}", errors);
            }
        }
    }

    private static void CheckObject(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray())
            {
                if (!value.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{Where(path)}: '{name.GetString()}' is required");
                }
            }
        }

        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        var additional = schema.TryGetProperty("additionalProperties", out var a) ? a : default;
        foreach (var property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(propertySchema, property.Value, $"{path}/{property.Name}", errors);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                errors.Add($"{Where(path)}: '{property.Name}' is not allowed");
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(additional, property.Value, $"{path}/{property.Name}", errors);
            }
        }
    }

    private static bool MatchesType(JsonElement type, JsonElement value) =>
        type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => MatchesType(t, value)) : type.GetString() switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "number" => value.ValueKind == JsonValueKind.Number,
            "integer" => value.ValueKind == JsonValueKind.Number && IsWhole(value),
            "null" => value.ValueKind == JsonValueKind.Null,
            _ => true,
        };

    /// <summary>Draft 7 counts any number with a zero fractional part (1.0, 1e3) as an integer, as python3-jsonschema does.</summary>
    private static bool IsWhole(JsonElement number) =>
        number.TryGetInt64(out _) || (number.TryGetDouble(out var d) && double.IsFinite(d) && Math.Floor(d) == d);

    private static string Where(string path) => path.Length == 0 ? "/" : path;
}
