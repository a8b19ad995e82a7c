using System.Text;

namespace SmartHomeCam.Benchmarks;

/// <summary>Markdown tables printed as they are measured and saved to bench/results/latest.md.</summary>
public sealed class Report
{
    private readonly StringBuilder text = new();

    public void Section(string title, string machine)
    {
        Line($"\n## {title}\n\n{machine}\n");
    }

    public void Table(string[] header, IEnumerable<string[]> rows)
    {
        Line("| " + string.Join(" | ", header) + " |");
        Line("|" + string.Concat(Enumerable.Repeat("---|", header.Length)));
        foreach (var row in rows)
        {
            Line("| " + string.Join(" | ", row) + " |");
        }
    }

    public void Line(string line)
    {
        Console.WriteLine(line);
        text.AppendLine(line);
    }

    /// <summary>Writes latest.md and <c>&lt;name&gt;.md</c>, so one case's figures survive the next case's run.</summary>
    public void Save(string name)
    {
        var dir = SmartHomeCam.Testing.RepositoryPaths.Inside("bench", "results");
        Directory.CreateDirectory(dir);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var header = $"# SmartHomeCam benchmarks\n\n{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {load} at the end\n";
        File.WriteAllText(Path.Combine(dir, "latest.md"), header + text);
        File.WriteAllText(Path.Combine(dir, name + ".md"), header + text);
        Console.WriteLine($"\nsaved bench/results/latest.md and bench/results/{name}.md");
    }
}
