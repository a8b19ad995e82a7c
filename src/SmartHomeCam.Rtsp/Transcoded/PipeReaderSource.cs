using System.IO.Pipelines;
using FFMpegCore.Pipes;

namespace SmartHomeCam.Rtsp.Transcoded;

/// <summary>One ffmpeg pipe input fed from an in-process <see cref="PipeReader"/>, with its raw demuxer's arguments.</summary>
internal sealed class PipeReaderSource(PipeReader reader, string streamArguments) : IPipeSource
{
    public string GetStreamArguments() => streamArguments;

    public async Task WriteAsync(Stream outputStream, CancellationToken cancellationToken)
    {
        try
        {
            await reader.CopyToAsync(outputStream, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }
}
