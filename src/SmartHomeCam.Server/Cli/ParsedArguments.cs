namespace SmartHomeCam.Server.Cli;

/// <summary>Positional words, <c>--name value</c> options (repeatable) and <c>--flag</c>s; <c>--Section:Key value</c> goes to configuration.</summary>
public sealed class ParsedArguments
{
    private static readonly HashSet<string> Flags = ["password-stdin", "json"];
    private readonly Dictionary<string, List<string>> options = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public string[] ConfigurationArgs { get; private set; } = [];

    public static ParsedArguments Parse(IEnumerable<string> args)
    {
        var parsed = new ParsedArguments();
        var config = new List<string>();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positional.Add(arg);
                continue;
            }

            var name = arg[2..];
            if (Flags.Contains(name))
            {
                parsed.Add(name, "true");
                continue;
            }

            if (!e.MoveNext())
            {
                throw new UsageException($"--{name} needs a value.");
            }

            if (name.Contains(':', StringComparison.Ordinal))
            {
                config.Add(arg);
                config.Add(e.Current);
            }
            else
            {
                parsed.Add(name, e.Current);
            }
        }

        parsed.ConfigurationArgs = [.. config];
        return parsed;
    }

    public bool Has(string name) => options.ContainsKey(name);

    public string? Get(string name) => options.TryGetValue(name, out var values) ? values[^1] : null;

    public string Require(string name) => Get(name) ?? throw new UsageException($"--{name} is required.");

    public IReadOnlyList<string> GetAll(string name) => options.TryGetValue(name, out var values) ? values : [];

    private void Add(string name, string value)
    {
        if (!options.TryGetValue(name, out var values))
        {
            options[name] = values = [];
        }

        values.Add(value);
    }
}
