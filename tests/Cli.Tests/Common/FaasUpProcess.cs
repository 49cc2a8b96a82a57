using System.Diagnostics;
using System.Text;

namespace Faas.Cli.Tests.Common;

/// <summary>A running <c>faas up</c> process: what users start. It is stopped with SIGTERM, as a service manager would.</summary>
internal sealed class FaasUpProcess : IAsyncDisposable
{
    /// <summary>The line <c>faas up</c> prints once the platform answers.</summary>
    public const string ReadyPrefix = "Faas is up at ";

    /// <summary>The last line of the instructions printed after it.</summary>
    public const string LastInstruction = "Stop: Ctrl+C";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Uri? _endpoint;

    private FaasUpProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(_stdout, e.Data, ready: true);
        _process.ErrorDataReceived += (_, e) => OnLine(_stderr, e.Data, ready: false);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"faas up exited early.\n{this}"));
    }

    /// <summary>The gateway's address, from the ready line.</summary>
    public Uri Endpoint => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : throw new InvalidOperationException("faas up is not ready.");

    /// <summary>Everything printed on stdout so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Everything printed on stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The exit code once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>faas up &lt;args&gt;</c> and waits for its ready line.</summary>
    public static async Task<FaasUpProcess> StartAsync(params string[] args)
    {
        var process = Process.Start(CliRunner.StartInfo(["up", .. args])) ?? throw new InvalidOperationException("Could not start faas up.");
        var up = new FaasUpProcess(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await up._ready.Task.WaitAsync(ReadyTimeout);
        }
        catch
        {
            await up.DisposeAsync();
            throw;
        }

        return up;
    }

    /// <summary>Sends SIGTERM and waits for the process to exit; true when it exited by itself in time.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return true;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    public override string ToString() => $"stdout:\n{Stdout}\nstderr:\n{Stderr}";

    private void OnLine(StringBuilder buffer, string? line, bool ready)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }

        // Ready once the whole block of instructions is out, so tests see all of it.
        if (ready && line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
        {
            _endpoint = new Uri(line[ReadyPrefix.Length..].Split(' ')[0].TrimEnd('/') + "/");
        }
        else if (ready && line == LastInstruction && _endpoint is not null)
        {
            _ready.TrySetResult(_endpoint);
        }
    }
}
