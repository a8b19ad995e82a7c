using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace SmartHomeCam.Data;

/// <summary>Everything that must survive a restart: accounts, OAuth clients, grants, codes and tokens.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<OAuthClient> OAuthClients => Set<OAuthClient>();
    public DbSet<OAuthGrant> OAuthGrants => Set<OAuthGrant>();
    public DbSet<AuthorizationCode> AuthorizationCodes => Set<AuthorizationCode>();
    public DbSet<OAuthToken> OAuthTokens => Set<OAuthToken>();
    public DbSet<CameraDevice> CameraDevices => Set<CameraDevice>();
    public DbSet<SchemaInfo> SchemaInfo => Set<SchemaInfo>();
    public DbSet<StreamRevocation> StreamRevocations => Set<StreamRevocation>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);

        builder.Entity<AppUser>(e =>
        {
            e.Property(u => u.AgentUserId).HasMaxLength(64);
            e.HasIndex(u => u.AgentUserId).IsUnique();
        });
        builder.Entity<OAuthClient>(e =>
        {
            e.HasKey(c => c.ClientId);
            e.Property(c => c.ClientId).HasMaxLength(128);
            e.Ignore(c => c.RedirectUriList);
        });
        builder.Entity<OAuthGrant>(e =>
        {
            e.HasKey(g => g.Id);
            e.HasIndex(g => new { g.UserId, g.ClientId });
        });
        builder.Entity<AuthorizationCode>(e =>
        {
            e.HasKey(c => c.CodeHash);
            e.HasIndex(c => c.GrantId);
        });
        builder.Entity<OAuthToken>(e =>
        {
            e.HasKey(t => t.TokenHash);
            e.HasIndex(t => t.GrantId);
            e.HasIndex(t => t.UserId);
        });
        builder.Entity<CameraDevice>(e =>
        {
            e.HasKey(d => d.DeviceId);
            e.Property(d => d.DeviceId).HasMaxLength(64);
            e.HasIndex(d => new { d.UserId, d.ProviderId, d.ProviderCameraId }).IsUnique();
        });
        builder.Entity<SchemaInfo>(e => e.HasKey(s => s.Id));
        builder.Entity<StreamRevocation>(e =>
        {
            e.HasKey(r => r.UserId);
            e.Property(r => r.UserId).HasMaxLength(450);
        });

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
