using System.Collections.Concurrent;

namespace SmartHomeCam.Coordination;

/// <summary>Single-process coordination: a dictionary with expiry and direct dispatch.</summary>
public sealed class InMemoryCoordination(TimeProvider clock) : ICoordination
{
    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset Until)> facts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableHandlers> handlers = new(StringComparer.Ordinal);

    public bool IsShared => false;

    public Task SetAsync(string key, string value, TimeSpan lifetime)
    {
        facts[key] = (value, clock.GetUtcNow() + lifetime);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<KeyValuePair<string, string>>> ScanAsync(string prefix)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<KeyValuePair<string, string>> live = facts
            .Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && f.Value.Until > now)
            .Select(f => KeyValuePair.Create(f.Key, f.Value.Value)).ToList();
        return Task.FromResult(live);
    }

    public Task PublishAsync(string channel, string message)
    {
        if (handlers.TryGetValue(channel, out var list))
        {
            foreach (var handler in list.Items)
            {
                handler(message);
            }
        }

        return Task.CompletedTask;
    }

    public Task SubscribeAsync(string channel, Action<string> handler)
    {
        handlers.AddOrUpdate(channel, _ => new ImmutableHandlers([handler]), (_, existing) => new ImmutableHandlers([.. existing.Items, handler]));
        return Task.CompletedTask;
    }

    private sealed record ImmutableHandlers(Action<string>[] Items);
}
