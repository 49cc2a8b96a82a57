using Faas.Worker.Control;
using Faas.Worker.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faas.Benchmarks;

/// <summary>A real worker started in this process on loopback, with its gRPC control client.</summary>
internal sealed class InProcessWorker : IAsyncDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private readonly string _dataDirectory;

    private InProcessWorker(WebApplication app, string dataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        _channel = GrpcChannel.ForAddress(app.Services.GetRequiredService<WorkerEndpoints>().ControlUri);
        Control = new WorkerControl.WorkerControlClient(_channel);
    }

    public WorkerControl.WorkerControlClient Control { get; }

    /// <summary>Starts a worker with its logging off (the console belongs to the report).</summary>
    public static async Task<InProcessWorker> StartAsync(int stemCells, int maxEnvironments)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"faas-bench-{Guid.NewGuid():N}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.AddFaasWorker(o =>
        {
            o.DataDirectory = dataDirectory;
            o.Environments.StemCells = stemCells;
            o.Environments.MaxEnvironments = maxEnvironments;
        });
        var app = builder.Build();
        app.MapFaasWorker();
        await app.StartAsync();
        return new InProcessWorker(app, dataDirectory);
    }

    /// <summary>Starts an environment and throws unless it is ready.</summary>
    public async Task<EnvironmentInfo> StartReadyAsync(FunctionSpec spec)
    {
        var info = await Control.StartEnvironmentAsync(new StartEnvironmentRequest { Function = spec }, deadline: DateTime.UtcNow + StepTimeout);
        return info.State == EnvironmentState.Ready
            ? info
            : throw new InvalidOperationException($"Environment of {spec.Handler} is {info.State}: {info.InitErrorType} {info.InitErrorMessage}");
    }

    public async Task EvictAsync(string environmentId)
        => await Control.EvictEnvironmentAsync(new EvictEnvironmentRequest { EnvironmentId = environmentId, Force = true }, deadline: DateTime.UtcNow + StepTimeout);

    /// <summary>Polls GetCapacity until at least <paramref name="count"/> stem cells are warm.</summary>
    public async Task WaitForStemCellsAsync(int count)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        while ((await Control.GetCapacityAsync(new GetCapacityRequest(), deadline: DateTime.UtcNow + StepTimeout, cancellationToken: cts.Token)).ReadyStemCells < count)
        {
            await Task.Delay(10, cts.Token);
        }
    }

    /// <summary>Polls ListEnvironments until nothing but stopped environments is listed.</summary>
    public async Task WaitForNoEnvironmentsAsync()
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        while ((await Control.ListEnvironmentsAsync(new ListEnvironmentsRequest(), deadline: DateTime.UtcNow + StepTimeout, cancellationToken: cts.Token))
            .Environments.Any(static e => e.State != EnvironmentState.Stopped))
        {
            await Task.Delay(10, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        try
        {
            using var cts = new CancellationTokenSource(StepTimeout);
            await _app.StopAsync(cts.Token);
        }
        catch (RpcException)
        {
        }

        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // An environment process may still hold a file; the OS cleans temp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
