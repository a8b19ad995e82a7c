using SmartHomeCam.Testing;
using System.Net;
using SmartHomeCam.Cameras.Hosting;

namespace SmartHomeCam.Cameras.Tests;

/// <summary>Providers start and stop with the host; a failing start is retried and never stops the host.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Providers_start_with_the_host_and_stop_on_shutdown()
    {
        var provider = new SwitchableCameraProvider();
        var s = await CameraTestServer.StartAsync(provider);
        await Eventually(() => provider.Starts == 1);
        Assert.Contains(SwitchableCameraProvider.ProviderId, s.Get<CameraProviderHost>().Running);
        Assert.Contains("demo", s.Get<CameraProviderHost>().Running); // every registered provider, not just ours
        Assert.Equal(0, provider.Stops);

        await s.DisposeAsync();
        Assert.Equal(1, provider.Stops);
        Assert.Equal(1, provider.Starts);
    }

    [Fact]
    public async Task A_provider_that_fails_to_start_is_logged_and_retried_while_the_host_serves()
    {
        var provider = new SwitchableCameraProvider { FailingStarts = 3 };
        await using var s = await CameraTestServer.StartAsync(provider);
        using var http = s.Server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        await Eventually(() => provider.Starts == 1);
        Assert.Equal(4, provider.StartAttempts);
        Assert.Contains("Camera provider switch failed to start (attempt 1)", s.Server.Logs.AllText, StringComparison.Ordinal);
        Assert.Contains("Camera provider switch started after 4 attempts", s.Server.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_still_failing_at_shutdown_is_not_stopped_and_does_not_block_it()
    {
        var provider = new SwitchableCameraProvider { FailingStarts = int.MaxValue };
        var s = await CameraTestServer.StartAsync(provider);
        await Eventually(() => provider.StartAttempts >= 2);
        Assert.DoesNotContain(SwitchableCameraProvider.ProviderId, s.Get<CameraProviderHost>().Running);
        var stopping = s.DisposeAsync().AsTask();
        Assert.Same(stopping, await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Equal(0, provider.Stops);
    }

    private static Task Eventually(Func<bool> condition) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(10));
}
