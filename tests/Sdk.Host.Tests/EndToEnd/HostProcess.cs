using System.Collections.Concurrent;
using System.Diagnostics;

namespace Faas.Sdk.Host.Tests.EndToEnd;

/// <summary>A real <c>dotnet Faas.Host.dll</c> process whose stdout lines are collected.</summary>
public sealed class HostProcess : IDisposable
{
    private static readonly Lazy<string> SharedTaskRoot = new(CopyTaskRoot);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Enqueue(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Enqueue("stderr: " + e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>A copy of this test assembly's output folder, used as LAMBDA_TASK_ROOT.</summary>
    public static string TaskRoot => SharedTaskRoot.Value;

    /// <summary>The handler string of a method of <see cref="TestHandlers.StaticHandlers"/>.</summary>
    public static string StaticHandler(string method) => "Faas.Sdk.Host.Tests::Faas.Sdk.Host.Tests.TestHandlers.StaticHandlers::" + method;

    public IReadOnlyCollection<string> Lines => _lines;

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public static HostProcess Start(string runtimeApi, IReadOnlyDictionary<string, string?> environment)
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "Faas.Host.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(hostDll);
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("LAMBDA_", StringComparison.Ordinal)
                || name.StartsWith("FAAS_", StringComparison.Ordinal) || name == "_HANDLER")
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new HostProcess(Process.Start(start)!);
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits until a stdout line satisfies <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var line = _lines.FirstOrDefault(predicate);
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("No matching line. Output:" + Environment.NewLine + string.Join(Environment.NewLine, _lines));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private static string CopyTaskRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "faas-host-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory))
        {
            File.Copy(file, Path.Combine(root, Path.GetFileName(file)));
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a host process may still hold a file open.
            }
        };
        return root;
    }
}
