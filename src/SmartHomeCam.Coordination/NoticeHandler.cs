using Microsoft.Extensions.Logging;

namespace SmartHomeCam.Coordination;

/// <summary>
/// One subscriber's handler as both backends call it: an exception is logged and swallowed, so it neither stops
/// this subscription's later notices nor anyone else's.
/// </summary>
internal sealed class NoticeHandler(string channel, Action<string> handler, ILogger logger)
{
    public string Channel => channel;

    public void Deliver(string message)
    {
        try
        {
            handler(message);
        }
        catch (Exception e)
        {
            // The message may carry an account id but never a secret; the channel is enough to find the handler.
            logger.LogError(e, "A handler of coordination channel {Channel} failed; later notices are still delivered.", channel);
        }
    }
}
