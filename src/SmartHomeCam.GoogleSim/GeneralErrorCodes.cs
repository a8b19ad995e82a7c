namespace SmartHomeCam.GoogleSim;

/// <summary>
/// General error codes Google's smart-home error reference documents for every device type but which
/// <c>platform/errors.schema.json</c> (2021) omits; valid in any <c>errorCode</c> field.
/// </summary>
public static class GeneralErrorCodes
{
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "authExpired", "authFailure", "deviceOffline", "timeout", "deviceTurnedOff", "deviceNotFound",
        "valueOutOfRange", "notSupported", "functionNotSupported", "protocolError", "unknownError",
        "transientError", "challengeNeeded",
    };
}
