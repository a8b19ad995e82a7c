namespace SmartHomeCam.Telemetry.Tests;

/// <summary>
/// The product's meter and activity source are process-wide, so every server in this process reports into every
/// listener: these tests run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTelemetry
{
    public const string Name = "telemetry";
}
