namespace SmartHomeCam.HomeGraph.Client;

/// <summary>HomeGraph <c>agentUsers.*</c> (spec §5).</summary>
public sealed class AgentUsersResource
{
    private const string Prefix = "agentUsers/";
    private readonly HomeGraphService service;

    internal AgentUsersResource(HomeGraphService service) => this.service = service;

    /// <summary>Unlinks the agent user from Google. As in the official library the name is <c>agentUsers/&lt;id&gt;</c>.</summary>
    public HomeGraphCall<Empty> Delete(string agentUserId)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentUserId);
        if (!agentUserId.StartsWith(Prefix, StringComparison.Ordinal) || agentUserId.Length == Prefix.Length)
        {
            throw new ArgumentException("The name must be \"agentUsers/<id>\".", nameof(agentUserId));
        }

        var escaped = Prefix + Uri.EscapeDataString(agentUserId[Prefix.Length..]);
        return new HomeGraphCall<Empty>(service, HttpMethod.Delete,
            call => "v1/" + escaped + (call.RequestId is null ? "" : "?requestId=" + Uri.EscapeDataString(call.RequestId)), body: null);
    }
}
