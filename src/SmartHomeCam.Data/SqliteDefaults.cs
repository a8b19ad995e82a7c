namespace SmartHomeCam.Data;

/// <summary>The embedded database: one SQLite file in the data directory.</summary>
public static class SqliteDefaults
{
    public const string FileName = "smarthomecam.db";

    /// <summary>
    /// The connection string of the embedded database. Private cache on purpose: with <c>Cache=Shared</c> every
    /// connection of the process shares the first opener's b-tree, and EF opens a read-only connection to test that
    /// the file exists before migrating — when that one came first (the CLI migrating beside a live server), every
    /// writer that joined it failed with "attempt to write a readonly database".
    /// </summary>
    public static string ConnectionString(string dataDirectory) =>
        $"Data Source={Path.Combine(dataDirectory, FileName)}";
}
