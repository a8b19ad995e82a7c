namespace SmartHomeCam.NestLegacy.Protocol;

/// <summary>The byte stream cannot be framed any more (a declared length over the cap): the connection must be dropped.</summary>
public sealed class NexusFramingException : Exception
{
    public NexusFramingException()
    {
    }

    public NexusFramingException(string message)
        : base(message)
    {
    }

    public NexusFramingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
