using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace SmartHomeCam.Data.Tests;

/// <summary>The embedded SQLite database as the server and the CLI open it, side by side in one process.</summary>
public sealed class EmbeddedDatabaseTests
{
    [Fact]
    public async Task A_read_only_connection_opened_first_does_not_make_writers_read_only()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("shc-embedded-").FullName;
        try
        {
            await using var services = new ServiceCollection().AddSmartHomeCamData(new DatabaseOptions(), dataDirectory).BuildServiceProvider();
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync();
            }

            // No writer left open; then a read-only connection first, as EF opens one to see whether the file exists
            // before it migrates (the CLI does that beside a live server).
            SqliteConnection.ClearAllPools();
            var readOnly = new SqliteConnectionStringBuilder(SqliteDefaults.ConnectionString(dataDirectory)) { Mode = SqliteOpenMode.ReadOnly };
            await using var probe = new SqliteConnection(readOnly.ToString());
            await probe.OpenAsync();

            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                await db.Database.MigrateAsync(); // takes EF's migration lock: a write
                Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('probe', 'test')"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
