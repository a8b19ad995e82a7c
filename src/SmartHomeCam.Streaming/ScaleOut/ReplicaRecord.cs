using System.Globalization;

namespace SmartHomeCam.Streaming.ScaleOut;

/// <summary>A replica's heartbeat fact, <c>replica:&lt;id&gt;</c> = "&lt;address&gt; &lt;started, unix ms&gt; &lt;sessions&gt; &lt;beat, unix ms&gt;".</summary>
public sealed record ReplicaRecord(string Id, Uri Address, DateTimeOffset StartedAt, int Sessions, DateTimeOffset LastBeat)
{
    public const string KeyPrefix = "replica:";

    public string Key => KeyPrefix + Id;

    public string Format() => string.Create(CultureInfo.InvariantCulture,
        $"{Address.AbsoluteUri} {StartedAt.ToUnixTimeMilliseconds()} {Sessions} {LastBeat.ToUnixTimeMilliseconds()}");

    public static ReplicaRecord? TryParse(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = value?.Split(' ');
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || parts is not { Length: 4 }
            || !Uri.TryCreate(parts[0], UriKind.Absolute, out var address)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var started)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sessions)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var beat))
        {
            return null;
        }

        return new ReplicaRecord(key[KeyPrefix.Length..], address, DateTimeOffset.FromUnixTimeMilliseconds(started), sessions, DateTimeOffset.FromUnixTimeMilliseconds(beat));
    }
}
