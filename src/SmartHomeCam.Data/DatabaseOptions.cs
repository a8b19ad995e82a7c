namespace SmartHomeCam.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Bound from the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For PostgreSQL a Npgsql connection string; for SQLite optional (defaults to a file in the data directory).</summary>
    public string? ConnectionString { get; set; }
}
