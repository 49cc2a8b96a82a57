using Faas.Scheduler;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Tests.Functions;

/// <summary>A real scheduler silo in process (localhost clustering, the local file store), shared by a test class.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private IHost? _host;

    /// <summary>The silo's data folder.</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"faas-silo-tests-{Guid.NewGuid():N}");

    public IGrainFactory Grains => _host!.Services.GetRequiredService<IGrainFactory>();

    public SchedulerOptions Options => _host!.Services.GetRequiredService<SchedulerOptions>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddFaasScheduler(scheduler =>
        {
            scheduler.DataDirectory = DataDirectory;

            // A small account, so the unreserved floor is easy to reach.
            scheduler.Functions.AccountConcurrencyLimit = 120;
            scheduler.Functions.MinimumUnreservedConcurrency = 100;
        });
        _host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _host.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        Directory.Delete(DataDirectory, recursive: true);
    }
}
