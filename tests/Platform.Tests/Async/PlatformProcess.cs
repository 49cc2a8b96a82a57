using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Async;

/// <summary>
/// <c>faas up</c> as an OS process of its own (the CLI from this test's build output), so a test can crash it with
/// SIGKILL: no shutdown code runs, nothing is committed or handed back, exactly as when the node dies. It runs in a
/// process group of its own, so the environments it started, orphaned by a crash, can be cleaned up with it.
/// </summary>
internal sealed class PlatformProcess : IAsyncDisposable
{
    private const string ReadyPrefix = "Faas is up at ";
    private const string LastInstruction = "Stop: Ctrl+C";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ITestOutputHelper _output;
    private readonly string _label;
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _log = new();
    private Uri? _endpoint;

    private PlatformProcess(Process process, ITestOutputHelper output, string label)
    {
        _process = process;
        _output = output;
        _label = label;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, stdout: true);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, stdout: false);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"faas up ({_label}) exited early:\n{Log}"));
    }

    /// <summary>The gateway's address, from the ready line.</summary>
    public Uri Endpoint => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : throw new InvalidOperationException("faas up is not ready.");

    /// <summary>The OS process id (also its process group id).</summary>
    public int Pid => _process.Id;

    /// <summary>What the platform printed so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>faas up --port 0 --data-dir &lt;dataDirectory&gt; --kafka &lt;kafka&gt; --verbose</c> with the given
    /// configuration keys (e.g. <c>Gateway:Async:SessionTimeout</c>, passed as environment variables) and waits until it
    /// is ready.
    /// </summary>
    public static async Task<PlatformProcess> StartAsync(string label, string dataDirectory, string kafka, IReadOnlyDictionary<string, string> settings, ITestOutputHelper output)
    {
        // setsid: a process group of its own (its id is the process id), so orphans of a crash can be found and stopped.
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in (string[])["dotnet", Path.Combine(AppContext.BaseDirectory, "Faas.Cli.dll"), "up", "--port", "0", "--data-dir", dataDirectory, "--kafka", kafka, "--verbose"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment.Remove("FAAS_ENDPOINT");
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start faas up.");
        var platform = new PlatformProcess(process, output, label);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await platform._ready.Task.WaitAsync(ReadyTimeout);
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }

        return platform;
    }

    /// <summary>SIGKILL to the platform process alone (its environments, now orphans, keep running what they run).</summary>
    public async Task CrashAsync()
    {
        await SignalAsync("-KILL", Pid.ToString(CultureInfo.InvariantCulture));
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops it with SIGTERM (SIGKILL after a while), then kills whatever is left of its process group.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await SignalAsync("-TERM", Pid.ToString(CultureInfo.InvariantCulture));
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        // Environments orphaned by a crash are still in the group.
        await SignalAsync("-KILL", $"-{Pid.ToString(CultureInfo.InvariantCulture)}");
        _process.Dispose();
    }

    private static async Task SignalAsync(string signal, string target)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, "--", target]) { RedirectStandardError = true, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
    }

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        try
        {
            _output.WriteLine($"[{_label}] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test has ended; its output is closed.
        }

        if (stdout && line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
        {
            _endpoint = new Uri(line[ReadyPrefix.Length..].Split(' ')[0].TrimEnd('/') + "/");
        }
        else if (stdout && line == LastInstruction && _endpoint is not null)
        {
            _ready.TrySetResult(_endpoint);
        }
    }
}
