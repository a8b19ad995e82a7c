using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SmartHomeCam.Data;

/// <summary>
/// Brings the schema up to date with EF Core migrations (SmartHomeCam.Data.Migrations.Sqlite / .Postgres). A
/// database made by an older build with <c>EnsureCreated</c> (it has a <c>SchemaInfo</c> table and no migrations
/// history) holds exactly the schema of the first migration, so that migration is recorded as applied and only the
/// later ones run: users, cameras and settings are kept. EF Core takes a database lock while migrating, so
/// replicas starting together apply each migration once.
/// </summary>
public static class DatabaseInitializer
{
    public static async Task MigrateAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await IsLegacySchemaAsync(db, cancellationToken).ConfigureAwait(false))
        {
            await AdoptLegacySchemaAsync(db, cancellationToken).ConfigureAwait(false);
        }

        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Migrations this build knows and the database has not applied yet.</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await IsLegacySchemaAsync(db, cancellationToken).ConfigureAwait(false))
        {
            return db.Database.GetMigrations().Where(m => !IsLegacyMigration(m)).ToList();
        }

        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)];
    }

    private static async Task<bool> IsLegacySchemaAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        if (!await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false) ||
            await history.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var sql = db.Database.IsNpgsql()
            ? "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'SchemaInfo'"
            : "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'SchemaInfo'";
        var tables = await db.Database.SqlQueryRaw<int>(sql).SingleAsync(cancellationToken).ConfigureAwait(false);
        return tables > 0;
    }

    private static async Task AdoptLegacySchemaAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        var productVersion = ProductInfo.GetVersion();
        var legacy = db.Database.GetMigrations().Single(IsLegacyMigration);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(legacy, productVersion)), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // Both providers' first migrations are named "<timestamp>_Initial".
    private static bool IsLegacyMigration(string id) => id.EndsWith("_Initial", StringComparison.Ordinal);
}
