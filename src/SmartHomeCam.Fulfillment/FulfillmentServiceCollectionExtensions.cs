using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Fulfillment.Intents;

namespace SmartHomeCam.Fulfillment;

public static class FulfillmentServiceCollectionExtensions
{
    public static IServiceCollection AddSmartHomeCamFulfillment(this IServiceCollection services, IConfiguration fulfillmentSection, Action<FulfillmentOptions>? configure = null)
    {
        var builder = services.AddOptions<FulfillmentOptions>().Bind(fulfillmentSection);
        if (configure is not null)
        {
            builder.PostConfigure(configure);
        }

        services.AddScoped<SyncIntent>();
        services.AddScoped<QueryIntent>();
        services.AddScoped<ExecuteIntent>();
        services.AddScoped<DisconnectIntent>();
        services.AddScoped<GetCameraStreamCommand>();
        return services;
    }
}
