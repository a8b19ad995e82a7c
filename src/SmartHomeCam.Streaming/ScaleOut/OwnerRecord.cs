using System.Globalization;

namespace SmartHomeCam.Streaming.ScaleOut;

/// <summary>
/// The coordination fact beside a camera's lease that says where its session runs, so other replicas can forward to
/// it (a lease's holder cannot be read back). Written by the holder at every acquisition and renewal, with the
/// lease's lifetime; the fencing number tells a fresh record from one a former holder left behind.
/// </summary>
public sealed record OwnerRecord(string DeviceId, long FencingNumber, string ReplicaId, Uri Address)
{
    public const string KeyPrefix = "stream-owner:";

    public static string Key(string deviceId) => KeyPrefix + deviceId;

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{FencingNumber} {ReplicaId} {Address.AbsoluteUri}");

    /// <summary>Null for anything that is not a record this code wrote (a malformed fact is ignored, not trusted).</summary>
    public static OwnerRecord? TryParse(string deviceId, string? value)
    {
        var parts = value?.Split(' ');
        if (parts is not { Length: 3 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var fence)
            || parts[1].Length == 0
            || !Uri.TryCreate(parts[2], UriKind.Absolute, out var address)
            || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        return new OwnerRecord(deviceId, fence, parts[1], address);
    }
}
