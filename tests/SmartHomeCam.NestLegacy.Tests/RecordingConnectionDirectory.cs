using System.Collections.Concurrent;
using SmartHomeCam.NestLegacy.Auth;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>
/// An in-memory connection table for the token renewer: credentials per connection and every mark it set.
/// <see cref="Hold"/> parks credential look-ups so a test can line renewal passes up deterministically.
/// </summary>
internal sealed class RecordingConnectionDirectory : INestConnectionDirectory
{
    private readonly ConcurrentDictionary<Guid, NestLegacyCredentials> credentials = new();
    private readonly ConcurrentQueue<(Guid Id, string? Problem)> marks = new();
    private int lookups;

    public IReadOnlyList<(Guid Id, string? Problem)> Marks => [.. marks];

    /// <summary>Credential look-ups started so far (including those parked on <see cref="Hold"/>).</summary>
    public int Lookups => Volatile.Read(ref lookups);

    /// <summary>When set, every credential look-up waits for this task first.</summary>
    public Task? Hold { get; set; }

    public void Set(Guid id, NestLegacyCredentials value) => credentials[id] = value;

    public void Remove(Guid id) => credentials.TryRemove(id, out _);

    public async Task<NestLegacyCredentials?> CredentialsAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref lookups);
        if (Hold is { } hold)
        {
            await hold.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return credentials.TryGetValue(connectionId, out var c) ? c : null;
    }

    public Task MarkAsync(Guid connectionId, string? problem, CancellationToken cancellationToken)
    {
        marks.Enqueue((connectionId, problem));
        return Task.CompletedTask;
    }
}
