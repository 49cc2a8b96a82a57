using Faas.Host.Errors;
using Faas.Host.Handlers;
using Faas.Host.Invocation;
using Faas.Host.Loading;
using Faas.Host.Logging;
using Faas.Host.RuntimeApi;
using Faas.Host.StemCells;

namespace Faas.Host.Hosting;

/// <summary>
/// The life of an execution environment:
/// <code>
///   logging -> [stem cell: warm up -> /faas/specialize -> set environment] -> cwd, memory limit -> init -> next loop
/// </code>
/// Exit codes: 0 when a stem cell is released (410), 1 after an init error or when the Runtime API is gone.
/// </summary>
internal static class LambdaHost
{
    /// <summary>Runs the environment until it must exit and returns the exit code.</summary>
    public static async Task<int> RunAsync(TimeProvider time)
    {
        // 1. Console.Out/Error and LambdaLogger write Lambda Text-format records to stdout.
        var sink = new LogSink(Console.OpenStandardOutput(), time);
        var logger = new ContextLogger(sink);
        Console.SetOut(new ConsoleLineWriter(sink, LogLevelNames.Information));
        Console.SetError(new ConsoleLineWriter(sink, LogLevelNames.Error));
        LambdaLoggerBinding.Bind(sink, logger);

        // The transport is chosen once, at process start: a stem cell is started with both variables, and the values a
        // specialize answer may repeat are the same ones.
        var runtimeApi = EnvironmentVariables.Get("AWS_LAMBDA_RUNTIME_API");
        var socketPath = EnvironmentVariables.Get(RuntimeApiClient.SocketVariable);
        if (runtimeApi is null && socketPath is null)
        {
            sink.Write(LogLevelNames.Critical, "AWS_LAMBDA_RUNTIME_API is not set; Faas.Host must run inside an execution environment.");
            return 1;
        }

        RuntimeApiClient created;
        try
        {
            created = RuntimeApiClient.Create(runtimeApi, socketPath);
        }
        catch (ArgumentException ex)
        {
            sink.Write(LogLevelNames.Critical, "Faas.Host is exiting: " + ex.Message);
            return 1;
        }

        using var client = created;
        try
        {
            // 2. A stem cell warms up (on the transport it is about to use), then waits to be given a function.
            if (Specialization.IsStemCell)
            {
                await Warmup.RunAsync(time, unixSocket: socketPath is not null).ConfigureAwait(false);
                if (!await Specialization.WaitAndApplyAsync(client, CancellationToken.None).ConfigureAwait(false))
                {
                    return 0;
                }
            }

            // 3. Init: the function's settings, working directory, memory limit and handler.
            var settings = HostSettings.FromEnvironment();
            var handler = await InitializeAsync(client, settings, sink).ConfigureAwait(false);
            if (handler is null)
            {
                return 1;
            }

            // 4. Invocations until the worker goes away.
            await new InvocationLoop(client, handler, settings, sink, logger, time).RunAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
        catch (RuntimeApiUnavailableException ex)
        {
            sink.Write(LogLevelNames.Critical, "Faas.Host is exiting: " + ex.Message + (ex.InnerException is null ? "" : " " + ex.InnerException.Message));
            return 1;
        }
    }

    /// <summary>Loads and initialises the handler; on failure posts <c>/runtime/init/error</c> and returns null.</summary>
    internal static async Task<LoadedHandler?> InitializeAsync(RuntimeApiClient client, HostSettings settings, LogSink sink)
    {
        ErrorBody error;
        try
        {
            try
            {
                Directory.SetCurrentDirectory(settings.TaskRoot);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new HandlerInitException("Runtime.InvalidWorkingDir", $"Unable to change directory to LAMBDA_TASK_ROOT '{settings.TaskRoot}': {ex.Message}");
            }

            MemoryLimit.Apply(settings.MemoryMb);
            var handlerString = HandlerString.Parse(settings.Handler);
            var type = HandlerTypeLoader.Load(handlerString, settings.TaskRoot);
            return HandlerInitializer.Initialize(type, handlerString.MethodName);
        }
        catch (HandlerInitException ex)
        {
            error = ex.ToErrorBody();
            sink.Write(LogLevelNames.Error, ex.UserException?.ToString() ?? ex.Message);
        }
        catch (Exception ex) when (ex is not RuntimeApiUnavailableException)
        {
            // Anything else thrown while loading user code (a dependency that fails to load, ...) is reported as is.
            var user = HandlerInitException.Unwrap(ex);
            error = ErrorReport.FromException(user);
            sink.Write(LogLevelNames.Error, user.ToString());
        }

        sink.Flush();
        await client.PostInitErrorAsync(error.ErrorType, ErrorReport.ToJson(error), CancellationToken.None).ConfigureAwait(false);
        return null;
    }
}
