using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Worker.Environments;

/// <summary>
/// Stops any environment whose processes hold more resident memory than its function's memory size, as Lambda
/// does; the invocation in flight gets <c>Runtime.OutOfMemory</c> and the environment is replaced. The same tick
/// flushes environment logs to their files.
/// </summary>
internal sealed partial class MemoryWatchdog(EnvironmentManager environments, WorkerOptions options, ILogger<MemoryWatchdog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Environments.MemoryPollInterval);
        while (await NextTickAsync(timer, stoppingToken).ConfigureAwait(false))
        {
            foreach (var environment in environments.Environments)
            {
                try
                {
                    Check(environment);
                    environment.WritePendingReport();
                    environment.Log.Flush();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ObjectDisposedException)
                {
                    Log.CheckFailed(logger, environment.Id, ex);
                }
            }
        }
    }

    // False once stopping: a host that stops before it finished starting would report a cancelled wait as a failure.
    private static async ValueTask<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Check(ExecutionEnvironment environment)
    {
        if (environment.Process is not { } process)
        {
            return;
        }

        var resident = process.ReadResidentBytes();
        if (resident > process.PeakResidentBytes)
        {
            process.PeakResidentBytes = resident;
        }

        environment.ObserveMemory(resident);
        var limit = (long)environment.Spec.MemoryMb * 1024 * 1024;
        if (resident > limit)
        {
            Log.OverMemory(logger, environment.Id, environment.Spec.FunctionName, resident / (1024 * 1024), environment.Spec.MemoryMb);
            environment.StopForMemory(process);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, EventName = "EnvironmentOverMemory", Level = LogLevel.Warning,
            Message = "Environment '{EnvironmentId}' of function '{FunctionName}' holds {ResidentMb} MB, over its {MemoryMb} MB; stopping it.")]
        public static partial void OverMemory(ILogger logger, string environmentId, string functionName, long residentMb, int memoryMb);

        [LoggerMessage(EventId = 1202, EventName = "MemoryCheckFailed", Level = LogLevel.Debug, Message = "Could not read the memory of environment '{EnvironmentId}'.")]
        public static partial void CheckFailed(ILogger logger, string environmentId, Exception exception);
    }
}
