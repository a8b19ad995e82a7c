namespace SmartHomeCam.Nest;

/// <summary>A Nest home the owner shared (<c>enterprises/*/structures</c>), with its rooms by id.</summary>
public sealed record SdmStructure(string StructureId, string Name, IReadOnlyDictionary<string, string> Rooms);
