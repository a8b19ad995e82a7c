namespace SmartHomeCam.HomeGraph.Client;

/// <summary>One prepared HomeGraph call, executed with <see cref="ExecuteAsync"/> (as the official library's requests are).</summary>
public sealed class HomeGraphCall<TResponse>
    where TResponse : new()
{
    private readonly HomeGraphService service;
    private readonly HttpMethod method;
    private readonly Func<HomeGraphCall<TResponse>, string> path;
    private readonly object? body;

    internal HomeGraphCall(HomeGraphService service, HttpMethod method, Func<HomeGraphCall<TResponse>, string> path, object? body)
    {
        this.service = service;
        this.method = method;
        this.path = path;
        this.body = body;
    }

    /// <summary>For calls that carry it in the query (agentUsers.delete).</summary>
    public string? RequestId { get; set; }

    public Task<TResponse> ExecuteAsync(CancellationToken cancellationToken = default) =>
        service.SendAsync<TResponse>(method, path(this), body, cancellationToken);
}
