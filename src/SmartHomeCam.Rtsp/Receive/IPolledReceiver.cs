namespace SmartHomeCam.Rtsp.Receive;

/// <summary>
/// A receiver the <see cref="ReceiveTicker"/> drains once per tick: it reads whatever its sockets hold without
/// blocking, handles every complete packet, and hands the frames on. It must never block and never throw.
/// </summary>
internal interface IPolledReceiver
{
    void Poll();
}
