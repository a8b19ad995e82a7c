namespace SmartHomeCam.Cameras.Connections;

/// <summary>One non-secret input a provider needs for a connection (e.g. "url", "camera").</summary>
public sealed record ConnectionField(string Name, string Label, bool Required);
