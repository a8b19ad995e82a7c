using System.Buffers;
using SmartHomeCam.NestLegacy.Protocol;
using SmartHomeCam.NestLegacy.Transport;

namespace SmartHomeCam.NestLegacy.Streaming;

/// <summary>
/// One nexustalk connection: whole packets out (serialised by a lock, since the PING timer sends too) and
/// whole packets in, reassembled with <see cref="NexusPacketReader"/> however the transport cut them.
/// </summary>
internal sealed class NexusConnection(INexusTransport transport, int maxPacketLength) : IAsyncDisposable
{
    private readonly NexusReceiveBuffer received = new(maxPacketLength);
    private readonly ArrayBufferWriter<byte> outgoing = new(256);
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private long pendingConsume;

    public NexusPacketReader Reader { get; } = new(maxPacketLength);

    public int BufferCapacity => received.Capacity;

    public Task SendAsync<T>(PacketType type, T message, CancellationToken cancellationToken) =>
        SendCoreAsync(w => NexusPacketWriter.Write(w, type, message), cancellationToken);

    public Task SendEmptyAsync(PacketType type, CancellationToken cancellationToken) =>
        SendCoreAsync(w => NexusPacketWriter.WriteEmpty(w, type), cancellationToken);

    /// <summary>The next known packet (its payload valid until the next call), or null when the server closed.</summary>
    public async ValueTask<NexusPacket?> ReceiveAsync(CancellationToken cancellationToken)
    {
        received.Consume(pendingConsume);
        pendingConsume = 0;
        while (true)
        {
            var data = received.Data;
            if (Reader.TryRead(ref data, out var packet))
            {
                pendingConsume = received.Data.Length - data.Length;
                return packet;
            }

            // Unknown packets TryRead skipped are gone for good.
            received.Consume(received.Data.Length - data.Length);
            var count = await transport.ReceiveAsync(received.GetWritable(), cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                return null;
            }

            received.Commit(count);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await transport.DisposeAsync().ConfigureAwait(false);
        received.Dispose();
        sendLock.Dispose();
    }

    private async Task SendCoreAsync(Action<ArrayBufferWriter<byte>> write, CancellationToken cancellationToken)
    {
        await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            outgoing.ResetWrittenCount();
            write(outgoing);
            await transport.SendAsync(outgoing.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            sendLock.Release();
        }
    }
}
