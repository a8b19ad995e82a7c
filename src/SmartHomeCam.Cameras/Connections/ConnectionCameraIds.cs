namespace SmartHomeCam.Cameras.Connections;

/// <summary>
/// A connection camera's provider-side id as the catalog stores it: the connection id, a slash, and the id the
/// provider gave within the connection. Two connections of one provider may then both have a camera "1".
/// </summary>
public static class ConnectionCameraIds
{
    public static string Compose(Guid connectionId, string cameraId) => connectionId.ToString("N") + "/" + cameraId;

    public static bool TryParse(string providerCameraId, out Guid connectionId, out string cameraId)
    {
        ArgumentNullException.ThrowIfNull(providerCameraId);
        var slash = providerCameraId.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && Guid.TryParseExact(providerCameraId.AsSpan(0, slash), "N", out connectionId))
        {
            cameraId = providerCameraId[(slash + 1)..];
            return true;
        }

        connectionId = Guid.Empty;
        cameraId = "";
        return false;
    }
}
