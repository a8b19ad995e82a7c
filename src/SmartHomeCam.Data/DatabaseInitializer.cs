using Microsoft.EntityFrameworkCore;

namespace SmartHomeCam.Data;

/// <summary>
/// Creates the schema on first start and records its version. EF's design-time package is not available
/// on our package feed, so instead of generated migrations each future schema change adds one explicit,
/// transactional upgrade step keyed by version here.
/// </summary>
public static class DatabaseInitializer
{
    public const int CurrentVersion = 1;

    public static async Task InitializeAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var info = await db.SchemaInfo.SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            db.SchemaInfo.Add(new SchemaInfo { Id = 1, Version = CurrentVersion });
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (info.Version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database schema is version {info.Version}, newer than this build understands ({CurrentVersion}). Upgrade SmartHomeCam.");
        }
    }
}
