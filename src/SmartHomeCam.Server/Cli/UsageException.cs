namespace SmartHomeCam.Server.Cli;

/// <summary>The command line was wrong; the message says how.</summary>
public sealed class UsageException(string message) : Exception(message);
