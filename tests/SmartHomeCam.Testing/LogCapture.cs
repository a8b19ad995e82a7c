using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SmartHomeCam.Testing;

/// <summary>Records every formatted log line (and exception text) so tests can assert what was, and was not, logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();
    private static readonly AsyncLocal<ImmutableScope?> CurrentScope = new();

    public IReadOnlyCollection<string> Lines => lines;

    public string AllText => string.Join('\n', lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            var parent = CurrentScope.Value;
            CurrentScope.Value = new ImmutableScope(FormatScope(state), parent);
            return new ScopeHandle(parent);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            var scopes = "";
            for (var s = CurrentScope.Value; s is not null; s = s.Parent)
            {
                scopes += " [" + s.Text + "]";
            }

            lines.Enqueue($"{logLevel} {category}:{scopes} {formatter(state, exception)} {exception}");
        }
    }

    private static string FormatScope(object state) => state is IEnumerable<KeyValuePair<string, object>> pairs
        ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
        : state.ToString() ?? "";

    private sealed record ImmutableScope(string Text, ImmutableScope? Parent);

    private sealed class ScopeHandle(ImmutableScope? parent) : IDisposable
    {
        public void Dispose() => CurrentScope.Value = parent;
    }
}
