using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Cli.Up;
using Faas.Platform.Tests.Common;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Scaling;

/// <summary>
/// Demand floors from several sources (an event source mapping's scaler, the async backlog's) each stay within the
/// function's reserved concurrency, but they add up in the pool: together they must not keep more environments than
/// the cap. On a platform of its own, so other tests' environments do not hold the worker's capacity.
/// </summary>
public sealed class DemandFloorTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faas-demand-{Guid.NewGuid():N}");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly TestOutputLoggerProvider _logs = OwnPlatform.Logs(output);
    private LocalPlatform _platform = null!;

    public async Task InitializeAsync()
        => _platform = await OwnPlatform.StartAsync(new LocalPlatformOptions { Port = 0, DataDirectory = _root, ConfigureWorker = worker => worker.Environments.StemCells = 1 }, _logs);

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        _http.Dispose();
        _logs.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Demand_TwoSourcesAskingMoreThanTheReservedConcurrency_ShareIt()
    {
        const string Function = "shared-cap";
        await CreateFunctionAsync(Function, reservedConcurrency: 2);
        var grains = _platform.Services.GetRequiredService<IGrainFactory>();
        var demand = grains.GetGrain<IFunctionDemandGrain>(Function);
        var pool = grains.GetGrain<IFunctionPoolGrain>(Function);

        await demand.SetDemandAsync("mapping-source", "$LATEST", 2);
        await demand.SetDemandAsync(KafkaScaleTarget.AsyncInvocationId + ":$LATEST", "$LATEST", 2);

        var clock = Stopwatch.StartNew();
        var count = 0;
        while ((count = await pool.GetInitializedCountAsync("$LATEST")) < 2)
        {
            Assert.True(clock.Elapsed < WaitTimeout, $"Timed out waiting for two warm environments (last count: {count}).");
            await Task.Delay(100);
        }

        // Without the shared cap the pool would go on to four; starting two more takes well under this.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(2, await pool.GetInitializedCountAsync("$LATEST"));
    }

    private async Task CreateFunctionAsync(string name, int reservedConcurrency)
    {
        await _http.CreateFunctionAsync(_platform, name, "HandlerShapes::HandlerShapes.Functions::Echo", OwnPlatform.HandlerShapesZip(_root));
        using var reserved = await _http.PutAsJsonAsync(new Uri(_platform.GatewayUri, $"2017-10-31/functions/{name}/concurrency"), new JsonObject { ["ReservedConcurrentExecutions"] = reservedConcurrency });
        Assert.True(reserved.StatusCode == HttpStatusCode.OK, await reserved.Content.ReadAsStringAsync());
    }
}
