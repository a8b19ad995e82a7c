namespace SmartHomeCam.GoogleSim;

/// <summary>
/// The offline Test Suite's inputs: where the (fake) HomeGraph shows what it received — <c>GET
/// {HomeGraphUrl}fake/agentUsers/{id}</c> — and how long Report State and Request Sync may take (Google's Test
/// Suite default is generous; the deployment's Request Sync debounce must fit in it).
/// </summary>
public sealed record TestSuiteSettings(Uri HomeGraphUrl, TimeSpan Timeout);
