using System.Text.RegularExpressions;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Deploy.Tests;

/// <summary>
/// infra/gcp cannot be planned here (no provider downloads, no cloud account); what can be checked offline is: the files
/// are canonically formatted (terraform fmt, when terraform is installed) and every variable and output is documented.
/// </summary>
public sealed partial class TerraformTests
{
    private static readonly string Module = RepositoryPaths.Inside("infra", "gcp");

    [Fact]
    public async Task Every_variable_and_output_is_documented_in_the_infra_readme()
    {
        var readme = await File.ReadAllTextAsync(RepositoryPaths.Inside("infra", "README.md"));
        var declared = Directory.GetFiles(Module, "*.tf")
            .SelectMany(f => Declaration().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToList();
        Assert.Contains("project_id", declared);
        Assert.Contains("service_url", declared);
        foreach (var name in declared)
        {
            Assert.Contains($"`{name}`", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Files_are_formatted_as_terraform_fmt_writes_them()
    {
        if (!Tool.Exists("terraform"))
        {
            // Not a Debian package; the documentation check above still runs.
            return;
        }

        var (code, stdout, stderr) = await Tool.RunAsync("terraform", ["fmt", "-check", "-recursive", "-diff", Module], TimeSpan.FromMinutes(1));
        Assert.True(code == 0, $"terraform fmt -check:\n{stdout}\n{stderr}");
    }

    [GeneratedRegex(@"^(?:variable|output)\s+""([a-z_]+)""", RegexOptions.Multiline)]
    private static partial Regex Declaration();
}
