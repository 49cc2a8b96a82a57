using System.Diagnostics;
using Faas.Contracts.Networking;
using Faas.Worker.Control;
using Grpc.Net.Client;

namespace Faas.Platform.Tests.Invoke;

/// <summary>A worker agent in a process of its own (the <c>Faas.Worker</c> executable), so a test can kill it.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly GrpcChannel _channel;

    private WorkerProcess(Process process, Uri controlUri)
    {
        _process = process;
        ControlUri = controlUri;
        _channel = GrpcChannel.ForAddress(controlUri);
        Control = new WorkerControl.WorkerControlClient(_channel);
    }

    /// <summary>The worker's gRPC control address.</summary>
    public Uri ControlUri { get; }

    public WorkerControl.WorkerControlClient Control { get; }

    /// <summary>The worker's OS process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Starts the worker from the build output and waits until its control endpoint answers.</summary>
    public static async Task<WorkerProcess> StartAsync(
        string dataDirectory, int maxEnvironments, int stemCells = 0, IReadOnlyDictionary<string, string>? environment = null)
    {
        var controlPort = UnusedPorts.Pick();
        var invokePort = UnusedPorts.Pick();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            WorkerAssembly(),
            $"--Worker:ControlPort={controlPort}",
            $"--Worker:InvokePort={invokePort}",
            $"--Worker:DataDirectory={dataDirectory}",
            "--Worker:WorkerId=second",
            $"--Worker:Environments:StemCells={stemCells}",
            $"--Worker:Environments:MaxEnvironments={maxEnvironments}",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var worker = new WorkerProcess(process, new Uri($"http://127.0.0.1:{controlPort}/"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                await worker.Control.GetCapacityAsync(new GetCapacityRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: timeout.Token);
                return worker;
            }
            catch (Grpc.Core.RpcException) when (!timeout.IsCancellationRequested && !process.HasExited)
            {
                await Task.Delay(200, timeout.Token);
            }
            catch
            {
                await worker.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Kills the worker and every environment process it started, at once.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGKILLs the worker alone, as the OOM killer would: its environment processes are not signalled.</summary>
    public void KillWorkerOnly()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
    }

    /// <summary>Waits until the worker process has exited.</summary>
    public Task WaitForExitAsync() => _process.WaitForExitAsync();

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _channel.Dispose();
    }

    // The worker's build output: src/Worker/bin/<configuration>/<tfm>/Faas.Worker.dll beside these tests' sources.
    private static string WorkerAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        for (var folder = output; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "src", "Worker", "bin", configuration, framework, "Faas.Worker.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("The worker's build output was not found; build Faas.sln first.");
    }
}
