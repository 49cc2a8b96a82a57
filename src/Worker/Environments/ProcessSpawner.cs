using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;

namespace Faas.Worker.Environments;

/// <summary>
/// Starts every environment and stem-cell process of the worker, on one dedicated thread, so that none outlives the
/// worker (a killed worker used to leave its runtimes running, a looping curl bootstrap at 100% CPU):
/// <list type="number">
/// <item>each process gets the parent-death signal SIGKILL (<c>setpriv --pdeathsig KILL</c>): the kernel kills it
/// when the worker dies, however it dies;</item>
/// <item>each leads a process group of its own (<c>setsid</c>), so its children can be killed with it;</item>
/// <item>each is recorded under the data directory (<see cref="ProcessRecords"/>), and a worker starting there kills
/// what a previous run left behind before it starts anything.</item>
/// </list>
/// Linux sends the parent-death signal when the <em>thread</em> that forked the child ends, not the process, and
/// .NET's Process.Start forks (vfork, in SystemNative_ForkAndExecProcess) on the calling thread: a start from a
/// thread-pool thread would kill the environment as soon as the pool retires that thread. Hence the one thread,
/// alive as long as the worker.
/// </summary>
internal sealed partial class ProcessSpawner : IDisposable
{
    private readonly BlockingCollection<Request> _requests = [];
    private readonly ProcessRecords _records;
    private readonly ILogger<ProcessSpawner> _logger;
    private readonly string _dataDirectory;
    private readonly Thread _thread;
    private string? _setpriv;
    private string? _setsid;

    public ProcessSpawner(WorkerOptions options, ILogger<ProcessSpawner> logger)
    {
        _logger = logger;
        _dataDirectory = options.DataDirectory;
        _records = new ProcessRecords(Path.Combine(options.DataDirectory, "processes"));
        _thread = new Thread(Run) { IsBackground = true, Name = "Faas process spawner" };
        _thread.Start();
    }

    /// <summary>
    /// Starts a process on the spawner thread and returns once it runs (the caller waits as long as it would in
    /// <see cref="Process.Start()"/>, plus a thread hand-off).
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The process could not be started.</exception>
    /// <exception cref="ObjectDisposedException">The worker is shutting down.</exception>
    public SpawnedProcess Start(ProcessStartInfo startInfo)
    {
        var request = new Request(startInfo);
        try
        {
            _requests.Add(request);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(ProcessSpawner), "The worker is shutting down and starts no more processes.");
        }

        request.Done.Wait();
        request.Done.Dispose();
        request.Error?.Throw();
        return request.Result!;
    }

    /// <summary>Kills the process's whole group (its children included); nothing when it has no group of its own.</summary>
    public static void KillGroup(SpawnedProcess process)
    {
        if (process.OwnGroup)
        {
            ProcessSignals.KillGroup(process.Pid);
        }
    }

    /// <summary>Called once the process has exited: kills whatever it left in its group and forgets it.</summary>
    public void Release(SpawnedProcess process)
    {
        KillGroup(process);
        if (process.StartTime != 0)
        {
            _records.Remove(process.Pid, process.StartTime);
        }
    }

    public void Dispose()
    {
        // The thread ends after the host stopped every environment; its end would SIGKILL any straggler.
        _requests.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private void Run()
    {
        // Before any start: kill what a previous run of this data directory left, and find the wrappers.
        ReapLeftovers();
        FindWrappers();
        foreach (var request in _requests.GetConsumingEnumerable())
        {
            try
            {
                request.Result = StartWrapped(request.StartInfo);
            }
            catch (Exception ex)
            {
                request.Error = ExceptionDispatchInfo.Capture(ex);
            }

            request.Done.Set();
        }
    }

    private SpawnedProcess StartWrapped(ProcessStartInfo startInfo)
    {
        // setpriv and setsid exec the command in place: the pid, the exit code and the pipes stay the process's own.
        // The order matters: the credentials change (UserName) happens before setpriv runs, and Linux clears the
        // parent-death signal on a credentials change, never on a plain exec.
        var wrappers = new List<string>(6);
        if (_setpriv is not null)
        {
            wrappers.AddRange([_setpriv, "--pdeathsig", "KILL", "--"]);
        }

        if (_setsid is not null)
        {
            wrappers.AddRange([_setsid, "--"]);
        }

        if (wrappers.Count > 0)
        {
            // The wrappers find the command through the child's PATH; the worker's own lookup must keep applying.
            startInfo.ArgumentList.Insert(0, ResolveExecutable(startInfo.FileName));
            for (var i = wrappers.Count - 1; i > 0; i--)
            {
                startInfo.ArgumentList.Insert(0, wrappers[i]);
            }

            startInfo.FileName = wrappers[0];
        }

        var process = new Process { StartInfo = startInfo };
        process.Start();
        var pid = process.Id;
        var startTime = ProcFs.StartTime(pid) ?? 0;
        if (startTime != 0)
        {
            try
            {
                _records.Add(pid, startTime);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.RecordFailed(_logger, pid, ex);
            }
        }

        return new SpawnedProcess(process, pid, startTime, _setsid is not null);
    }

    private void ReapLeftovers()
    {
        try
        {
            var leftovers = _records.ReapLeftovers();
            if (leftovers.LiveWorker != 0)
            {
                Log.DataDirectoryShared(_logger, _dataDirectory, leftovers.LiveWorker);
            }
            else if (leftovers.Killed > 0)
            {
                Log.LeftoversKilled(_logger, leftovers.Killed, leftovers.Recorded, _dataDirectory);
            }
            else if (leftovers.Recorded > 0)
            {
                Log.LeftoversGone(_logger, leftovers.Recorded, _dataDirectory);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.ReapFailed(_logger, _dataDirectory, ex);
        }
    }

    private void FindWrappers()
    {
        var setpriv = FindOnPath("setpriv");
        var setsid = FindOnPath("setsid");

        // --pdeathsig came with util-linux 2.33; an older setpriv would fail every start, so it is tried once.
        if (setpriv is not null && !Succeeds(setpriv, "--pdeathsig", "KILL", "--", setpriv, "--version"))
        {
            setpriv = null;
        }

        if (setsid is not null && !Succeeds(setsid, "--", setsid, "--version"))
        {
            setsid = null;
        }

        _setpriv = setpriv;
        _setsid = setsid;
        if (setpriv is null)
        {
            Log.NoParentDeathSignal(_logger);
        }

        if (setsid is null)
        {
            Log.NoProcessGroups(_logger);
        }
    }

    private static bool Succeeds(string fileName, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(TimeSpan.FromSeconds(5)) && process.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/bin", "/bin", "/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string ResolveExecutable(string fileName)
        => fileName.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(fileName) : FindOnPath(fileName) ?? fileName;

    private sealed class Request(ProcessStartInfo startInfo)
    {
        public ProcessStartInfo StartInfo { get; } = startInfo;

        public ManualResetEventSlim Done { get; } = new();

        public SpawnedProcess? Result { get; set; }

        public ExceptionDispatchInfo? Error { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1801, EventName = "LeftoverProcessesKilled", Level = LogLevel.Warning,
            Message = "Killed {Killed} environment process groups a previous run of data directory '{DataDirectory}' left running ({Recorded} recorded).")]
        public static partial void LeftoversKilled(ILogger logger, int killed, int recorded, string dataDirectory);

        [LoggerMessage(EventId = 1802, EventName = "LeftoverProcessesGone", Level = LogLevel.Information,
            Message = "None of the {Recorded} environment processes a previous run of data directory '{DataDirectory}' recorded is still running.")]
        public static partial void LeftoversGone(ILogger logger, int recorded, string dataDirectory);

        [LoggerMessage(EventId = 1803, EventName = "DataDirectoryShared", Level = LogLevel.Warning,
            Message = "Worker process {Pid} still runs on data directory '{DataDirectory}'; its environments are left alone. Give each worker a data directory of its own.")]
        public static partial void DataDirectoryShared(ILogger logger, string dataDirectory, int pid);

        [LoggerMessage(EventId = 1804, EventName = "LeftoverProcessesNotReaped", Level = LogLevel.Warning,
            Message = "Could not read or clear the process records of data directory '{DataDirectory}'; processes a previous run left are not killed.")]
        public static partial void ReapFailed(ILogger logger, string dataDirectory, Exception exception);

        [LoggerMessage(EventId = 1805, EventName = "NoParentDeathSignal", Level = LogLevel.Warning,
            Message = "setpriv with --pdeathsig (util-linux 2.33 or later) was not found: environment processes will outlive this worker if it is killed, until a worker starts again on the same data directory.")]
        public static partial void NoParentDeathSignal(ILogger logger);

        [LoggerMessage(EventId = 1806, EventName = "NoProcessGroups", Level = LogLevel.Warning,
            Message = "setsid (util-linux) was not found: environment processes share the worker's process group, and what they start is only killed while they run.")]
        public static partial void NoProcessGroups(ILogger logger);

        [LoggerMessage(EventId = 1807, EventName = "ProcessNotRecorded", Level = LogLevel.Warning,
            Message = "Could not record environment process {Pid}; a worker restarted after this one is killed will not find it.")]
        public static partial void RecordFailed(ILogger logger, int pid, Exception exception);
    }
}
