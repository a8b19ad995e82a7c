namespace SmartHomeCam.HomeGraph.Client;

/// <summary>HomeGraph <c>devices.*</c> (spec §5).</summary>
public sealed class DevicesResource
{
    private readonly HomeGraphService service;

    internal DevicesResource(HomeGraphService service) => this.service = service;

    public HomeGraphCall<ReportStateAndNotificationResponse> ReportStateAndNotification(ReportStateAndNotificationRequest body) =>
        new(service, HttpMethod.Post, _ => "v1/devices:reportStateAndNotification", Require(body));

    public HomeGraphCall<RequestSyncDevicesResponse> RequestSync(RequestSyncDevicesRequest body) =>
        new(service, HttpMethod.Post, _ => "v1/devices:requestSync", Require(body));

    public HomeGraphCall<QueryResponse> Query(QueryRequest body) =>
        new(service, HttpMethod.Post, _ => "v1/devices:query", Require(body));

    public HomeGraphCall<SyncResponse> Sync(SyncRequest body) =>
        new(service, HttpMethod.Post, _ => "v1/devices:sync", Require(body));

    private static T Require<T>(T body)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(body);
        return body;
    }
}
