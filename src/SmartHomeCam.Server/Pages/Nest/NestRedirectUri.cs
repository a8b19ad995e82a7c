using Microsoft.Extensions.Options;
using SmartHomeCam.Nest;
using SmartHomeCam.Server.Hosting;

namespace SmartHomeCam.Server.Pages.Nest;

/// <summary>Our OAuth callback as registered with the operator's Google OAuth client.</summary>
internal static class NestRedirectUri
{
    public const string Path = "/nest/callback";
    public const string NonceCookie = "shc.nest";

    public static string For(HttpRequest request, IOptions<SdmOptions> nest, IOptions<ServerOptions> server)
    {
        if (!string.IsNullOrWhiteSpace(nest.Value.RedirectUri))
        {
            return nest.Value.RedirectUri;
        }

        var origin = !string.IsNullOrWhiteSpace(server.Value.PublicBaseUrl)
            ? server.Value.PublicBaseUrl.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}";
        return origin + Path;
    }
}
