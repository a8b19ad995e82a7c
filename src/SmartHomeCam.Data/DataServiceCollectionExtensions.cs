using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace SmartHomeCam.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers <see cref="AppDbContext"/> on SQLite (file under <paramref name="dataDirectory"/>) or PostgreSQL.</summary>
    public static IServiceCollection AddSmartHomeCamData(this IServiceCollection services, DatabaseOptions options, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddDbContext<AppDbContext>(db =>
        {
            if (options.Provider == DatabaseProvider.Postgres)
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is Postgres.");
                }

                db.UseSmartHomeCamPostgres(options.ConnectionString);
            }
            else
            {
                var connection = string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? SqliteDefaults.ConnectionString(dataDirectory)
                    : options.ConnectionString;
                db.UseSmartHomeCamSqlite(connection);
            }
        });
        return services;
    }
}
