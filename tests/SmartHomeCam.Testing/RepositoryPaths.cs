using System.Collections.Concurrent;

namespace SmartHomeCam.Testing;

/// <summary>
/// Locates the repository (by its solution file) and every file the tests read inside it. The suite needs nothing
/// beside the clone: <see cref="Inside"/> refuses a path that would lead out of it, and a guard test checks the rest.
/// </summary>
public static class RepositoryPaths
{
    private static readonly ConcurrentDictionary<string, bool> Handed = new(StringComparer.Ordinal);

    public static string Root { get; } = FindRoot();

    /// <summary>Google's schemas as vendored with SmartHomeCam.GoogleSim (which embeds them); the Python reference reads them here.</summary>
    public static string GoogleSchemas => Inside("src", "SmartHomeCam.GoogleSim", "Schemas");

    public static string FulfillmentSamples => Inside("fulfillment-samples");

    /// <summary>The python3-jsonschema reference validator.</summary>
    public static string SchemaValidatorScript => Inside("tests", "schema", "validate_google.py");

    /// <summary>Every path handed out so far in this process.</summary>
    public static IReadOnlyCollection<string> HandedOut => [.. Handed.Keys];

    /// <summary>A path below the repository root; throws if <paramref name="parts"/> would lead outside it.</summary>
    public static string Inside(params string[] parts)
    {
        var path = Path.GetFullPath(Path.Combine([Root, .. parts]));
        if (!IsInside(path))
        {
            throw new InvalidOperationException($"{path} is outside the repository ({Root}); the test suite must not need anything beside the clone.");
        }

        Handed.TryAdd(path, true);
        return path;
    }

    /// <summary>True when <paramref name="path"/> is the root or below it (after normalisation, not following links).</summary>
    public static bool IsInside(string path)
    {
        var full = Path.GetFullPath(path);
        return full == Root || full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmartHomeCam.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("SmartHomeCam.sln not found above " + AppContext.BaseDirectory);
    }
}
