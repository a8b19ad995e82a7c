using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras.Http;

namespace SmartHomeCam.HomeGraph.Client;

/// <summary>Bearer tokens for HomeGraph (spec §5: scope homegraph) from the configured service-account key.</summary>
public sealed class HomeGraphCredential(IOptions<HomeGraphOptions> options) : ServiceAccountTokenSource(
    () => ServiceAccountKey.Load(options.Value.ServiceAccountKeyJson, options.Value.ServiceAccountKeyFile, "HomeGraph:ServiceAccountKeyFile", "HomeGraph"),
    Scope,
    () => options.Value.TokenUrl)
{
    public const string Scope = "https://www.googleapis.com/auth/homegraph";
}
