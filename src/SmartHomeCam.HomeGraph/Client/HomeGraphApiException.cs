using System.Net;

namespace SmartHomeCam.HomeGraph.Client;

/// <summary>HomeGraph answered an error (after retries): its HTTP status, Google's status word and message.</summary>
public sealed class HomeGraphApiException(HttpStatusCode statusCode, string? status, string message)
    : Exception($"HomeGraph {(int)statusCode} {status}: {message}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>Google's status word, e.g. NOT_FOUND, RESOURCE_EXHAUSTED.</summary>
    public string? Status { get; } = status;

    /// <summary>404: the agent user is unknown to Google (never SYNCed, unlinked): stop reporting for it.</summary>
    public bool IsAgentUserUnknown => StatusCode == HttpStatusCode.NotFound;
}
