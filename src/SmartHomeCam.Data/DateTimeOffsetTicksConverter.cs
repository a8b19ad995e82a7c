using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SmartHomeCam.Data;

/// <summary>Stores instants as UTC ticks (a 64-bit integer) so both providers compare them in SQL.</summary>
internal static class DateTimeOffsetTicksConverter
{
    public static readonly ValueConverter<DateTimeOffset, long> Instance =
        new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    public static readonly ValueConverter<DateTimeOffset?, long?> Nullable =
        new(v => v.HasValue ? v.Value.UtcTicks : null, v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);
}
