namespace SmartHomeCam.Coordination;

public static class CoordinationExtensions
{
    /// <summary>
    /// Tells the other replicas about a change this process has already applied to itself. With the in-memory
    /// default there are no others, so nothing is sent (and nothing is applied twice).
    /// </summary>
    public static Task NotifyOthersAsync(this ICoordination coordination, string channel, string message)
    {
        ArgumentNullException.ThrowIfNull(coordination);
        return coordination.IsShared ? coordination.PublishAsync(channel, message) : Task.CompletedTask;
    }
}
