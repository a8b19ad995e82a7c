using Microsoft.EntityFrameworkCore;

namespace SmartHomeCam.Data;

/// <summary>
/// The two supported databases, each with its own migrations assembly (the generated SQL and column types
/// differ between SQLite and PostgreSQL). The server and the design-time factories configure them the same way.
/// </summary>
public static class DatabaseProviders
{
    public const string SqliteMigrationsAssembly = "SmartHomeCam.Data.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "SmartHomeCam.Data.Migrations.Postgres";

    public static DbContextOptionsBuilder UseSmartHomeCamSqlite(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));

    public static DbContextOptionsBuilder UseSmartHomeCamPostgres(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
}
