using System.Net.Http.Headers;
using Faas.Worker.Control;
using Faas.Worker.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faas.Worker.Tests.Common;

/// <summary>A real worker started in process on loopback, with its gRPC control client and an HTTP client for invocations.</summary>
public sealed class WorkerHost : IAsyncDisposable
{
    /// <summary>The bound on any single step of a test, so a broken worker fails a test instead of hanging the suite.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private WorkerHost(WebApplication app, string rootDirectory, TestOutputLoggerProvider output)
    {
        _app = app;
        RootDirectory = rootDirectory;
        Output = output;
        Endpoints = app.Services.GetRequiredService<WorkerEndpoints>();
        _channel = GrpcChannel.ForAddress(Endpoints.ControlUri);
        Control = new WorkerControl.WorkerControlClient(_channel);
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
    }

    /// <summary>The folder of this worker: <c>data/</c> is its DataDirectory, <c>packages/</c> holds the zips tests build.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public TestOutputLoggerProvider Output { get; }

    public WorkerEndpoints Endpoints { get; }

    public WorkerControl.WorkerControlClient Control { get; }

    public HttpClient Http { get; }

    /// <summary>The worker's services, for tests that look at its internals (a slot's port, say).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a worker with test defaults (one stem cell, 16 environments), then applies <paramref name="configure"/>.</summary>
    public static async Task<WorkerHost> StartAsync(Action<WorkerOptions>? configure = null, TestOutputLoggerProvider? output = null)
    {
        var root = Path.Combine(Path.GetTempPath(), $"faas-worker-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        output ??= new TestOutputLoggerProvider();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(output);
        if (Environment.GetEnvironmentVariable("FAAS_TEST_LOG_LEVEL") is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }
        builder.AddFaasWorker(o =>
        {
            o.DataDirectory = Path.Combine(root, "data");
            o.Environments.StemCells = 1;
            o.Environments.MaxEnvironments = 16;
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapFaasWorker();
        using var cts = new CancellationTokenSource(StepTimeout);
        await app.StartAsync(cts.Token);
        return new WorkerHost(app, root, output);
    }

    /// <summary>Asks the worker for an environment; the result may be FAILED (init error), which tests assert on.</summary>
    public async Task<TestEnvironment> StartEnvironmentAsync(FunctionSpec spec, CancellationToken cancellationToken = default)
    {
        var info = await Control.StartEnvironmentAsync(
            new StartEnvironmentRequest { Function = spec },
            deadline: DateTime.UtcNow + StepTimeout,
            cancellationToken: cancellationToken);
        Output.WriteLine($"environment {info.EnvironmentId} of {spec.FunctionName} ({spec.Handler}): {info.State} {info.InitErrorType} {info.InitErrorMessage}");
        return new TestEnvironment(this, spec, info);
    }

    /// <summary>Starts an environment and fails the test unless it is ready.</summary>
    public async Task<TestEnvironment> StartReadyEnvironmentAsync(FunctionSpec spec, CancellationToken cancellationToken = default)
    {
        var environment = await StartEnvironmentAsync(spec, cancellationToken);
        Assert.True(
            environment.Info.State == EnvironmentState.Ready,
            $"Expected READY but got {environment.Info.State}: {environment.Info.InitErrorType} {environment.Info.InitErrorMessage}");
        return environment;
    }

    /// <summary>POSTs a payload to an invoke URL as the gateway would forward it.</summary>
    public async Task<InvokeResult> InvokeAsync(string invokeUrl, byte[] payload, InvokeOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, invokeUrl) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (options?.Tail == true)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Log-Type", "Tail");
        }

        if (options?.ClientContext is { } clientContext)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Client-Context", clientContext);
        }

        if (options?.TraceId is { } traceId)
        {
            request.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", traceId);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(StepTimeout);
        using var response = await Http.SendAsync(request, cts.Token);
        var body = await response.Content.ReadAsByteArrayAsync(cts.Token);
        var result = new InvokeResult(response.StatusCode, response.Headers, response.Content.Headers, body);
        Output.WriteLine($"invoke {invokeUrl}: {result}");
        return result;
    }

    /// <summary>Finds an environment in ListEnvironments, or null when the worker no longer lists it.</summary>
    public async Task<EnvironmentInfo?> FindEnvironmentAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        var reply = await Control.ListEnvironmentsAsync(new ListEnvironmentsRequest(), deadline: DateTime.UtcNow + StepTimeout, cancellationToken: cancellationToken);
        return reply.Environments.FirstOrDefault(e => e.EnvironmentId == environmentId);
    }

    /// <summary>Polls ListEnvironments until the environment is in <paramref name="state"/>.</summary>
    public async Task WaitForStateAsync(string environmentId, EnvironmentState state, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(StepTimeout);
        while ((await FindEnvironmentAsync(environmentId, cts.Token))?.State != state)
        {
            await Task.Delay(25, cts.Token);
        }
    }

    /// <summary>Polls ListEnvironments until the environment is no longer listed (or listed as STOPPED).</summary>
    public async Task WaitUntilGoneAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(StepTimeout);
        while (await FindEnvironmentAsync(environmentId, cts.Token) is { State: not EnvironmentState.Stopped })
        {
            await Task.Delay(25, cts.Token);
        }
    }

    /// <summary>Polls GetCapacity until <paramref name="condition"/> holds.</summary>
    public async Task<CapacityReport> WaitForCapacityAsync(Func<CapacityReport, bool> condition, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(StepTimeout);
        while (true)
        {
            var report = await Control.GetCapacityAsync(new GetCapacityRequest(), deadline: DateTime.UtcNow + StepTimeout, cancellationToken: cts.Token);
            if (condition(report))
            {
                return report;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    /// <summary>Evicts without failing: used to clean up after a test.</summary>
    public async Task TryEvictAsync(string environmentId)
    {
        try
        {
            await Control.EvictEnvironmentAsync(
                new EvictEnvironmentRequest { EnvironmentId = environmentId, Force = true },
                deadline: DateTime.UtcNow + StepTimeout);
        }
        catch (RpcException e)
        {
            Output.WriteLine($"cleanup: evicting {environmentId} failed: {e.Status}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _channel.Dispose();
        using (var cts = new CancellationTokenSource(StepTimeout))
        {
            await _app.StopAsync(cts.Token);
        }

        await _app.DisposeAsync();
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean: an environment process may still hold a file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
