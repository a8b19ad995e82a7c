namespace SmartHomeCam.Nest;

/// <summary>What one linked Nest account shared: its homes (with rooms) and the home of each camera, by device id.</summary>
public sealed record SdmSharedHomes(IReadOnlyList<SdmStructure> Homes, IReadOnlyDictionary<string, string> HomeOfDevice)
{
    public static SdmSharedHomes None { get; } = new([], new Dictionary<string, string>());
}
