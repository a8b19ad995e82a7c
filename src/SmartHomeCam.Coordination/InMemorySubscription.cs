using System.Threading.Channels;

namespace SmartHomeCam.Coordination;

/// <summary>
/// One in-memory subscriber: notices queue up and a pump on the thread pool hands them to the handler one at a
/// time, in order. This mirrors a Redis subscription (its own ordered queue, read off the publisher's thread), so
/// a handler never runs inside <see cref="ICoordination.PublishAsync"/> and cannot deadlock on the publisher's locks.
/// </summary>
internal sealed class InMemorySubscription
{
    private readonly Channel<string> pending = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions
    {
        SingleReader = true,
        AllowSynchronousContinuations = false, // the reader's continuation must not run on the writer's stack
    });

    private readonly NoticeHandler handler;
    private readonly Task pump;

    public InMemorySubscription(NoticeHandler handler)
    {
        this.handler = handler;
        pump = Task.Run(PumpAsync, CancellationToken.None);
    }

    public string Channel => handler.Channel;

    public void Post(string message) => pending.Writer.TryWrite(message);

    /// <summary>Takes no more notices; those already queued are still delivered.</summary>
    public Task CompleteAsync()
    {
        pending.Writer.TryComplete();
        return pump;
    }

    private async Task PumpAsync()
    {
        await foreach (var message in pending.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            handler.Deliver(message);
        }
    }
}
