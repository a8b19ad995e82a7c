namespace SmartHomeCam.Cameras;

/// <summary>The camera could not be reached or stopped delivering video.</summary>
public sealed class CameraSourceException : Exception
{
    public CameraSourceException()
    {
    }

    public CameraSourceException(string message)
        : base(message)
    {
    }

    public CameraSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
