using System.Text.RegularExpressions;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Fulfillment.Tests;

/// <summary>
/// A clone with nothing beside it must build, test and run google-sim: no file may point at a folder next to the
/// repository, and every path the tests resolve must lie inside it.
/// </summary>
public sealed partial class RepositoryIndependenceTests
{
    /// <summary>What is scanned: the code, the tests, the scripts, the benchmarks and the README.</summary>
    private static readonly string[] ScannedFolders = ["src", "tests", "scripts", "bench", "deploy", ".ci"];

    private const string SiblingFolder = "shared";

    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", "results", "TestResults"];

    [Fact]
    public void No_code_test_script_or_readme_refers_to_a_shared_folder_beside_the_clone()
    {
        var offenders = new List<string>();
        var scanned = 0;
        foreach (var file in ScannedFiles())
        {
            scanned++;
            var text = File.ReadAllText(file);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                continue; // binary (the demo clip)
            }

            foreach (Match match in OutsideReference().Matches(text))
            {
                var line = text.AsSpan(0, match.Index).Count('\n') + 1;
                offenders.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}:{line}: {match.Value}");
            }
        }

        Assert.True(scanned > 100, $"only {scanned} files scanned: is the repository root right?");
        Assert.True(offenders.Count == 0, "references to folders outside the repository:\n" + string.Join("\n", offenders));
    }

    /// <summary>Samples are written with "{/}" and "{\\}" for the separators, so that this file does not match itself.</summary>
    [Theory]
    [InlineData("see ..{/}shared{/}specs{/}google-schemas")]
    [InlineData(@"..{\}shared{\}specs")]
    [InlineData("/work{/}shared{/}ARCHITECTURE.md")]
    [InlineData("then shared{/}specs{/}google-schemas beside the repository")]
    [InlineData("Path.Combine(root, \"..\"{,} \"shared\", \"specs\")")]
    [InlineData("Path.Combine(Root, \"..\"{,}\"shared\")")]
    public void The_scan_recognises_each_way_of_pointing_beside_the_clone(string sample) =>
        Assert.Matches(OutsideReference(), Expand(sample));

    [Theory]
    [InlineData("one per camera, shared by every viewer")]
    [InlineData("src/SmartHomeCam.GoogleSim/Schemas/intents")]
    [InlineData("the same Data Protection key directory (shared volume)")]
    public void The_scan_leaves_ordinary_text_alone(string text) =>
        Assert.DoesNotMatch(OutsideReference(), text);

    private static string Expand(string sample) =>
        sample.Replace("{/}", "/", StringComparison.Ordinal).Replace("{\\}", "\\", StringComparison.Ordinal).Replace("{,}", ",", StringComparison.Ordinal);

    [Fact]
    public void Every_path_the_tests_resolve_is_inside_the_repository_and_exists()
    {
        string[] named =
        [
            RepositoryPaths.GoogleSchemas, RepositoryPaths.FulfillmentSamples, RepositoryPaths.SchemaValidatorScript,
            RepositoryPaths.Inside("tests", "web"), RepositoryPaths.Inside("src", "SmartHomeCam.Cameras", "Demo", "demo-clip.h264"),
        ];
        foreach (var path in named)
        {
            Assert.True(File.Exists(path) || Directory.Exists(path), path + " is missing");
        }

        foreach (var path in RepositoryPaths.HandedOut.Concat(named))
        {
            Assert.True(RepositoryPaths.IsInside(path), path + " is outside " + RepositoryPaths.Root);
            AssertNoLinkLeadsOutside(path);
        }

        Assert.Throws<InvalidOperationException>(() => RepositoryPaths.Inside("..", SiblingFolder, "specs"));
        Assert.Throws<InvalidOperationException>(() => RepositoryPaths.Inside("/etc"));
        Assert.False(RepositoryPaths.IsInside(RepositoryPaths.Root + "-sibling"));
    }

    /// <summary>A symbolic link inside the repository that points elsewhere would smuggle in an outside dependency.</summary>
    private static void AssertNoLinkLeadsOutside(string path)
    {
        for (var current = path; current.Length > RepositoryPaths.Root.Length; current = Path.GetDirectoryName(current)!)
        {
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            Assert.True(target is null || RepositoryPaths.IsInside(target.FullName), $"{current} links to {target?.FullName}");
        }
    }

    private static IEnumerable<string> ScannedFiles()
    {
        yield return Path.Combine(RepositoryPaths.Root, "README.md");
        foreach (var folder in ScannedFolders.Select(f => Path.Combine(RepositoryPaths.Root, f)).Where(Directory.Exists))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
            foreach (var file in Directory.EnumerateFiles(folder, "*", options))
            {
                var relative = Path.GetRelativePath(RepositoryPaths.Root, file).Split(Path.DirectorySeparatorChar);
                if (!relative.Any(SkippedFolders.Contains))
                {
                    yield return file;
                }
            }
        }
    }

    /// <summary>
    /// A parent-relative or absolute path to a "shared" folder beside the clone, a Path.Combine that climbs to it, or
    /// any mention of its specs folder. Written with character classes so that this file does not match itself.
    /// </summary>
    [GeneratedRegex("""\.\.[/\\]shared\b|/wor[k]/shared\b|"\.\."\s*,\s*"shared"|\bshared[/\\]spec[s]\b""")]
    private static partial Regex OutsideReference();
}
