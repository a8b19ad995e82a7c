namespace SmartHomeCam.WebRtc.Peers;

/// <summary>
/// The frames from one IDR up to the newest, bounded in count and bytes (a camera with long key-frame
/// intervals must not grow memory without limit; past the bound, late joiners wait for the next IDR).
/// </summary>
public sealed class GroupOfPictures(int maxFrames = 600, long maxBytes = 16 * 1024 * 1024)
{
    private readonly Lock gate = new();
    private readonly List<EncodedVideoFrame> frames = [];
    private long bytes;

    /// <summary>False once a frame could not be kept: replaying this GOP would skip references.</summary>
    public bool Complete { get; private set; } = true;

    internal int Append(EncodedVideoFrame frame)
    {
        lock (gate)
        {
            if (!Complete || frames.Count >= maxFrames || bytes + frame.ByteCount > maxBytes)
            {
                Complete = false;
                return -1;
            }

            frames.Add(frame);
            bytes += frame.ByteCount;
            return frames.Count - 1;
        }
    }

    /// <summary>The frames before <paramref name="count"/> (a snapshot), starting with the IDR.</summary>
    public EncodedVideoFrame[] Take(int count)
    {
        lock (gate)
        {
            return Complete && count <= frames.Count ? frames.GetRange(0, count).ToArray() : [];
        }
    }
}
