using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras.Http;

namespace SmartHomeCam.Nest.Events;

/// <summary>Bearer tokens for the Pub/Sub pull (spec §6 subscription, §1 pubsub scope) as the operator's service account.</summary>
public sealed class PubSubCredential(IOptions<SdmOptions> options) : ServiceAccountTokenSource(
    () => ServiceAccountKey.Load(options.Value.PubSub.ServiceAccountKeyJson, options.Value.PubSub.ServiceAccountKeyFile, "Nest:PubSub:ServiceAccountKeyFile", "Nest Pub/Sub"),
    Scope,
    () => options.Value.PubSub.TokenUrl)
{
    public const string Scope = "https://www.googleapis.com/auth/pubsub";
}
