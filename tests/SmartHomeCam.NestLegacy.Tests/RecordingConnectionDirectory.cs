using System.Collections.Concurrent;
using SmartHomeCam.NestLegacy.Auth;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>An in-memory connection table for the token renewer: credentials per connection and every mark it set.</summary>
internal sealed class RecordingConnectionDirectory : INestConnectionDirectory
{
    private readonly ConcurrentDictionary<Guid, NestLegacyCredentials> credentials = new();
    private readonly ConcurrentQueue<(Guid Id, string? Problem)> marks = new();

    public IReadOnlyList<(Guid Id, string? Problem)> Marks => [.. marks];

    public void Set(Guid id, NestLegacyCredentials value) => credentials[id] = value;

    public void Remove(Guid id) => credentials.TryRemove(id, out _);

    public Task<NestLegacyCredentials?> CredentialsAsync(Guid connectionId, CancellationToken cancellationToken) =>
        Task.FromResult(credentials.TryGetValue(connectionId, out var c) ? c : null);

    public Task MarkAsync(Guid connectionId, string? problem, CancellationToken cancellationToken)
    {
        marks.Enqueue((connectionId, problem));
        return Task.CompletedTask;
    }
}
