namespace SmartHomeCam.Cameras.Demo;

/// <summary>Bound from <c>Cameras:Demo</c>. On in the quickstart, off in production configuration.</summary>
public sealed class DemoCameraOptions
{
    public bool Enabled { get; set; }

    /// <summary>Names of the demo cameras; null means "Demo camera" and "Demo porch camera".</summary>
    public string[]? Names { get; set; }

    internal IReadOnlyList<string> EffectiveNames => Names is { Length: > 0 } ? Names : ["Demo camera", "Demo porch camera"];
}
