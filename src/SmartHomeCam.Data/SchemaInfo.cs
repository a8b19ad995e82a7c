namespace SmartHomeCam.Data;

/// <summary>One row holding the schema version this database was created or upgraded to.</summary>
public sealed class SchemaInfo
{
    public int Id { get; set; }
    public int Version { get; set; }
}
