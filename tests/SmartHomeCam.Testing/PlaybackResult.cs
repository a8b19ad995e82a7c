using System.Globalization;

namespace SmartHomeCam.Testing;

/// <summary>What one player (hls.js or shaka) did with a live HLS URL in tests/web/player.html.</summary>
public sealed record PlaybackResult(string Player, double Start, double End, string[] Errors, string[] Recovered, long AudioBytes, string[] Tracks)
{
    /// <summary>Seconds of media played while watched.</summary>
    public double Advanced => End - Start;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Player}: {Start:0.00} → {End:0.00} s, audio {AudioBytes} B, tracks [{string.Join(", ", Tracks)}], errors [{string.Join("; ", Errors)}], recovered [{string.Join("; ", Recovered)}]");
}
