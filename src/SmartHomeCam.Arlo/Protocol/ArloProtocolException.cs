namespace SmartHomeCam.Arlo.Protocol;

/// <summary>Bytes on the basestation port that are not a frame; the connection is dropped, nothing else.</summary>
public sealed class ArloProtocolException(string message) : Exception(message);
