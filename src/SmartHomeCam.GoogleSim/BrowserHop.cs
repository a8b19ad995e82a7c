using System.Net;

namespace SmartHomeCam.GoogleSim;

/// <summary>One browser request that was not followed: its status, <c>Location</c> (if any) and body.</summary>
public sealed record BrowserHop(HttpStatusCode Status, Uri? Location, string Body)
{
    public bool IsRedirect => (int)Status is 301 or 302 or 303 or 307 or 308;
}
