using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Fulfillment;
using SmartHomeCam.HomeGraph.Client;
using SmartHomeCam.HomeGraph.Reporting;

namespace SmartHomeCam.HomeGraph;

public static class HomeGraphServiceCollectionExtensions
{
    /// <summary>
    /// The status store always (the dashboard shows "not configured"); the client, reporter and worker only when a
    /// service-account key is configured: without one no HomeGraph call is ever made.
    /// </summary>
    public static IServiceCollection AddSmartHomeCamHomeGraph(this IServiceCollection services, IConfiguration homeGraphSection)
    {
        ArgumentNullException.ThrowIfNull(homeGraphSection);
        services.AddOptions<HomeGraphOptions>().Bind(homeGraphSection);
        services.AddSingleton<HomeGraphAccountStore>();
        services.AddSingleton<HomeGraphStatistics>();
        var settings = homeGraphSection.Get<HomeGraphOptions>() ?? new HomeGraphOptions();
        if (!settings.IsConfigured)
        {
            return services;
        }

        services.AddSingleton<HomeGraphCredential>();
        services.AddSingleton<HomeGraphService>();
        services.AddHttpClient(HomeGraphService.HttpClientName).AddHomeGraphResilience(settings);
        services.AddSingleton(sp => new ReportQueue(settings.MaxPendingAccounts, settings.MaxPendingNotifications, settings.RequestSyncDebounce * 4));
        services.AddSingleton<HomeGraphReporter>();
        services.AddSingleton<ICameraEventSubscriber>(sp => sp.GetRequiredService<HomeGraphReporter>());
        services.AddSingleton<ISyncObserver>(sp => sp.GetRequiredService<HomeGraphReporter>());
        services.AddHostedService<HomeGraphWorker>();
        services.AddHostedService<UnlinkListener>();
        services.AddHostedService<RestartCatchUp>();
        return services;
    }
}
