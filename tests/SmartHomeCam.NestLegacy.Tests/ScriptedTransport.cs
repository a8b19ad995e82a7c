using Microsoft.Extensions.Options;
using SmartHomeCam.NestLegacy.Transport;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>A transport that plays a byte script in random-sized chunks and then closes; sends are counted and dropped.</summary>
internal sealed class ScriptedTransport(byte[] script, Random random) : INexusTransport
{
    private int offset;

    public int Sent { get; private set; }

    public ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        Sent++;
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var n = Math.Min(Math.Min(buffer.Length, script.Length - offset), random.Next(1, 4000));
        script.AsSpan(offset, n).CopyTo(buffer.Span);
        offset += n;
        return ValueTask.FromResult(n);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Hands out a new scripted connection per connect.</summary>
internal sealed class ScriptedTransportFactory(NestLegacyOptions options, Func<byte[]> script, Random random)
    : NexusTransportFactory(Microsoft.Extensions.Options.Options.Create(options))
{
    public int Connects { get; private set; }

    public override Task<INexusTransport> ConnectAsync(string host, CancellationToken cancellationToken)
    {
        Connects++;
        return Task.FromResult<INexusTransport>(new ScriptedTransport(script(), random));
    }
}
