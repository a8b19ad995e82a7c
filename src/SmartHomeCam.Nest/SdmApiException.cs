using System.Net;

namespace SmartHomeCam.Nest;

/// <summary>Google answered an SDM or OAuth call with an error (spec §2: <c>{"error":{code,message,status}}</c>).</summary>
public sealed class SdmApiException : Exception
{
    public SdmApiException()
    {
    }

    public SdmApiException(string message)
        : base(message)
    {
    }

    public SdmApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SdmApiException(HttpStatusCode statusCode, string? status, string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Status = status;
    }

    public SdmApiException(HttpStatusCode statusCode, string? status, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        Status = status;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>Google's status word: INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, … (or the OAuth error code).</summary>
    public string? Status { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>A command this camera's protocol does not support (spec §3: 400 INVALID_ARGUMENT "Command … not supported.").</summary>
    public bool IsWrongProtocol =>
        StatusCode == HttpStatusCode.BadRequest && Status == "INVALID_ARGUMENT" && Message.Contains("not supported", StringComparison.OrdinalIgnoreCase);

    /// <summary>5xx, timeouts and connection failures: Google (or the way to it) is down, not our request wrong.</summary>
    public bool IsOutage => StatusCode == 0 || (int)StatusCode >= 500;
}
