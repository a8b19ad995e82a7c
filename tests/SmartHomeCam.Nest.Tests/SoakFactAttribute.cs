namespace SmartHomeCam.Nest.Tests;

/// <summary>A test that runs only when <c>SHC_NEST_SOAK_MINUTES</c> is set (bench/run soak-nest); skipped in CI.</summary>
public sealed class SoakFactAttribute : FactAttribute
{
    public SoakFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SHC_NEST_SOAK_MINUTES")))
        {
            Skip = "soak: run with bench/run soak-nest";
        }
    }
}
