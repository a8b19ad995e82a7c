using System.Net;
using System.Net.Sockets;

namespace SmartHomeCam.ScaleOut.Tests;

/// <summary>
/// The far end of every camera reader in every replica process (see ReportingCameraProvider): counts the
/// connections open now and the most ever open at once.
/// </summary>
public sealed class ReaderCounter : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private int current;
    private int max;
    private int total;

    public ReaderCounter()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Current => Volatile.Read(ref current);

    public int Max => Volatile.Read(ref max);

    public int Total => Volatile.Read(ref total);

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            Interlocked.Increment(ref total);
            var now = Interlocked.Increment(ref current);
            int seen;
            while ((seen = Volatile.Read(ref max)) < now && Interlocked.CompareExchange(ref max, now, seen) != seen)
            {
            }

            _ = HoldAsync(client);
        }
    }

    private async Task HoldAsync(TcpClient client)
    {
        using (client)
        {
            var buffer = new byte[16];
            try
            {
                // The reader never writes: the read ends when its process closes the socket or dies.
                while (await client.GetStream().ReadAsync(buffer, stopping.Token) > 0)
                {
                }
            }
            catch (Exception)
            {
                // closed or reset: counted as gone either way
            }
        }

        Interlocked.Decrement(ref current);
    }
}
