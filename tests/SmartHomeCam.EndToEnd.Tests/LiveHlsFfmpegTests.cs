using System.Globalization;
using SmartHomeCam.Testing;

namespace SmartHomeCam.EndToEnd.Tests;

/// <summary>ffmpeg and ffprobe, which no one here wrote, read our live HLS URL.</summary>
public sealed class LiveHlsFfmpegTests
{
    [Fact]
    public async Task Ffmpeg_reads_the_live_url_for_ten_seconds_without_a_single_error_and_timestamps_rise()
    {
        await using var f = await FulfillmentServer.StartAsync();
        var url = await StreamUrls.ExecuteAsync(f);
        var recording = ExternalTool.TempFile(".ts");
        try
        {
            // Decode to null (errors only) and record a copy (for timestamps) at the same time.
            var decoding = FfmpegOracle.DecodeAsync(url.ToString(), TimeSpan.FromSeconds(10));
            var recordingRun = FfmpegOracle.RecordAsync(url.ToString(), recording, TimeSpan.FromSeconds(10));
            var decode = await decoding;
            var record = await recordingRun;
            Assert.True(decode.Success && decode.Errors().Length == 0, decode.Errors());
            Assert.True(record.Success && record.Errors().Length == 0, record.Errors());

            var dts = (await FfmpegOracle.VideoPacketsAsync(recording)).Select(p => p.Dts).ToList();
            Assert.True(dts.Count >= 240, $"only {dts.Count} frames in 10 s"); // 25 fps
            Assert.All(dts.Zip(dts.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"DTS {pair.Second} after {pair.First}"));
        }
        finally
        {
            File.Delete(recording);
        }
    }

    [Fact]
    public async Task Every_listed_segment_starts_with_an_idr_and_its_extinf_is_its_real_duration()
    {
        await using var f = await FulfillmentServer.StartAsync();
        var url = await StreamUrls.ExecuteAsync(f);
        using var http = f.Server.CreateClient();
        await http.GetStringAsync(url);
        await Task.Delay(TimeSpan.FromSeconds(5)); // let a few segments accumulate
        var playlist = await http.GetStringAsync(new Uri(url, "live.m3u8"));
        var lines = playlist.Split('\n');
        var checkedSegments = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                continue;
            }

            var extinf = double.Parse(lines[i]["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture);
            var path = ExternalTool.TempFile(".ts");
            try
            {
                await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync(new Uri(url, lines[i + 1])));
                var packets = await FfmpegOracle.VideoPacketsAsync(path);
                Assert.True(packets[0].IsKey());
                var real = packets.Count * 0.04; // 25 fps
                Assert.InRange(extinf, real - 0.04, real + 0.04);
                checkedSegments++;
            }
            finally
            {
                File.Delete(path);
            }
        }

        Assert.True(checkedSegments >= 3, playlist);
    }
}
