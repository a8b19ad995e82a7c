using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace SmartHomeCam.Data;

/// <summary>
/// Everything that must survive a restart: accounts, device ids and OpenIddict's applications, authorizations,
/// scopes and tokens (its default entities, mapped by <c>UseOpenIddict()</c>).
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<CameraDevice> CameraDevices => Set<CameraDevice>();
    public DbSet<SchemaInfo> SchemaInfo => Set<SchemaInfo>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);

        builder.Entity<AppUser>(e =>
        {
            e.Property(u => u.AgentUserId).HasMaxLength(64);
            e.HasIndex(u => u.AgentUserId).IsUnique();
        });
        builder.UseOpenIddict();
        builder.Entity<CameraDevice>(e =>
        {
            e.HasKey(d => d.DeviceId);
            e.Property(d => d.DeviceId).HasMaxLength(64);
            e.HasIndex(d => new { d.UserId, d.ProviderId, d.ProviderCameraId }).IsUnique();
        });
        builder.Entity<SchemaInfo>(e => e.HasKey(s => s.Id));

        // SQLite cannot order or compare DateTimeOffset natively; store UTC ticks so queries translate
        // identically on SQLite and PostgreSQL.
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(DateTimeOffset))
                {
                    property.SetValueConverter(DateTimeOffsetTicksConverter.Instance);
                }
                else if (property.ClrType == typeof(DateTimeOffset?))
                {
                    property.SetValueConverter(DateTimeOffsetTicksConverter.Nullable);
                }
            }
        }
    }
}
