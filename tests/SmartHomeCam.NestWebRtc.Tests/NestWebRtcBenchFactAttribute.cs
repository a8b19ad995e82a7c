namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>A benchmark that runs only when <c>SHC_NEST_WEBRTC_BENCH</c> is set (bench/run nest-webrtc); skipped in CI.</summary>
public sealed class NestWebRtcBenchFactAttribute : FactAttribute
{
    public NestWebRtcBenchFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SHC_NEST_WEBRTC_BENCH")))
        {
            Skip = "benchmark: run with bench/run nest-webrtc";
        }
    }
}
