using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SmartHomeCam.Data.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a PostgreSQL server.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseSmartHomeCamPostgres("Host=localhost;Database=design_time");
        return new AppDbContext(options.Options);
    }
}
