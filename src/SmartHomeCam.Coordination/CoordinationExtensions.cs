namespace SmartHomeCam.Coordination;

public static class CoordinationExtensions
{
    /// <summary>
    /// Deprecated: publish with <see cref="ICoordination.PublishAsync"/> and handle the notice in the subscriber
    /// only, since every backend now delivers to the sender too. Kept until the callers have moved; it still tells
    /// the other replicas about a change already applied here (with Redis the sender hears it back as well).
    /// </summary>
    public static Task NotifyOthersAsync(this ICoordination coordination, string channel, string message)
    {
        ArgumentNullException.ThrowIfNull(coordination);
        return coordination.IsShared ? coordination.PublishAsync(channel, message) : Task.CompletedTask;
    }
}
