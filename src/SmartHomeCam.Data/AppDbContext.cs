using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace SmartHomeCam.Data;

/// <summary>
/// Everything that must survive a restart: accounts, device ids, provider connections, camera listings and events,
/// stream-URL revocations, and OpenIddict's applications, authorizations,
/// scopes and tokens (its default entities, mapped by <c>UseOpenIddict()</c>).
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<CameraDevice> CameraDevices => Set<CameraDevice>();
    public DbSet<StreamRevocation> StreamRevocations => Set<StreamRevocation>();

    // Cameras: provider connections, last known listings, the camera-event outbox.
    public DbSet<ProviderConnection> ProviderConnections => Set<ProviderConnection>();
    public DbSet<KnownCamera> KnownCameras => Set<KnownCamera>();
    public DbSet<CameraEventRecord> CameraEvents => Set<CameraEventRecord>();
    public DbSet<HomeGraphAccount> HomeGraphAccounts => Set<HomeGraphAccount>();

    // Arlo: cameras the basestation discovered, RTSP streams not yet torn down.
    public DbSet<ArloCameraRecord> ArloCameras => Set<ArloCameraRecord>();
    public DbSet<ArloStreamJournalEntry> ArloStreamJournal => Set<ArloStreamJournalEntry>();

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
        ConfigureCameras(builder);
        builder.Entity<ArloCameraRecord>(e => { e.HasKey(c => c.Serial); e.Property(c => c.Serial).HasMaxLength(64); });
        builder.Entity<ArloStreamJournalEntry>(e => { e.HasKey(j => j.Id); e.Property(j => j.Serial).HasMaxLength(64); });
        builder.Entity<HomeGraphAccount>(e =>
        {
            e.HasKey(a => a.UserId);
            e.Property(a => a.UserId).HasMaxLength(450);
            e.Property(a => a.AgentUserId).HasMaxLength(64);
            e.Property(a => a.StoppedReason).HasMaxLength(200);
            e.Property(a => a.LastError).HasMaxLength(500);
            e.HasIndex(a => a.PendingSince);
        });
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

    private static void ConfigureCameras(ModelBuilder builder)
    {
        builder.Entity<ProviderConnection>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.UserId).HasMaxLength(450);
            e.Property(c => c.ProviderId).HasMaxLength(32);
            e.Property(c => c.DisplayName).HasMaxLength(200);
            e.HasIndex(c => c.UserId);
        });
        builder.Entity<KnownCamera>(e =>
        {
            e.HasKey(c => c.DeviceId);
            e.Property(c => c.DeviceId).HasMaxLength(64);
            e.Property(c => c.DeviceKind).HasMaxLength(16).HasDefaultValue("Camera");
            e.HasIndex(c => c.UserId);
            e.HasIndex(c => c.ConnectionId);
        });
        builder.Entity<CameraEventRecord>(e =>
        {
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedOnAdd();
            e.Property(r => r.EventId).HasMaxLength(200);
            e.Property(r => r.Kind).HasMaxLength(32);
            e.HasIndex(r => r.EventId).IsUnique();
            e.HasIndex(r => new { r.DispatchedAt, r.Id });
            e.HasIndex(r => new { r.UserId, r.Id });
        });
    }
}
