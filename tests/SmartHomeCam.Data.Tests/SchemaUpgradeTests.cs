using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Data.Tests;

/// <summary>
/// An upgrade from the last build before migrations. The fixture database was made by that build (schema version 1,
/// EnsureCreated): an owner account created with <c>users add</c>, Google's client from <c>clients add-google</c>, and
/// the two demo cameras' device ids assigned by a SYNC from <c>google-sim</c>.
/// </summary>
public sealed class SchemaUpgradeTests
{
    private const string OwnerEmail = "owner@example.com";
    private const string OwnerPassword = "upgrade-test-passphrase";

    [Fact]
    public async Task A_database_from_before_migrations_is_migrated_and_keeps_users_and_cameras()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "shc-upgrade-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var database = Path.Combine(dataDirectory, "smarthomecam.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "smarthomecam-schema-v1.db"), database);
        var before = ReadDeviceIds(database);
        Assert.Equal(2, before.Count);

        await using (var server = await ServerInstance.StartAsync(dataDirectory: dataDirectory))
        {
            server.DeleteDataOnDispose = false;
            await using var scope = server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Empty(await DatabaseInitializer.PendingAsync(db));
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());

            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var owner = await users.FindByEmailAsync(OwnerEmail);
            Assert.NotNull(owner);
            Assert.True(await users.CheckPasswordAsync(owner, OwnerPassword));

            // The catalog (what SYNC lists) hands out the same device ids Google already knows.
            var cameras = await scope.ServiceProvider.GetRequiredService<ICameraCatalog>().ListAsync(owner.Id, refresh: true, CancellationToken.None);
            foreach (var (providerCameraId, deviceId) in before)
            {
                Assert.Equal(deviceId, Assert.Single(cameras, c => c.ProviderCameraId == providerCameraId).DeviceId);
            }
        }

        // A second start finds nothing to do and no legacy schema to adopt again.
        await using (var again = await ServerInstance.StartAsync(dataDirectory: dataDirectory))
        {
            await using var scope = again.Services.CreateAsyncScope();
            Assert.Empty(await DatabaseInitializer.PendingAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>()));
        }
    }

    [Fact]
    public async Task A_new_database_is_created_by_the_migrations_alone()
    {
        await using var server = await ServerInstance.StartAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    private static Dictionary<string, string> ReadDeviceIds(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ProviderCameraId, DeviceId FROM CameraDevices";
        using var reader = command.ExecuteReader();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids[reader.GetString(0)] = reader.GetString(1);
        }

        return ids;
    }
}
