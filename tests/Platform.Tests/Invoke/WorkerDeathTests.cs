using System.Globalization;
using Faas.Worker.Control;

namespace Faas.Platform.Tests.Invoke;

/// <summary>
/// A worker killed outright (SIGKILL, the OOM killer) leaves no environment process running: the kernel kills its
/// runtimes with it, and a worker restarted on the same data directory kills what they had started.
/// </summary>
public sealed class WorkerDeathTests : IAsyncLifetime
{
    private static readonly TimeSpan GoneWithin = TimeSpan.FromSeconds(10);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faas-worker-death-{Guid.NewGuid():N}");
    private readonly List<OsProcess> _seen = [];

    private string DataDirectory => Path.Combine(_root, "data");

    [Fact]
    public async Task WorkerKilled_ReadyEnvironmentsAndStemCell_AllProcessesEnd()
    {
        // Neither runtime ends by itself when the Runtime API goes: the .NET handler is mid-invocation, and the curl
        // loop without `set -e` retries `next` forever, as a tolerant custom runtime does (at 100% CPU).
        var fixture = File.ReadAllText(Path.Combine(FixtureFolder("CurlBootstrap"), "bootstrap"));
        var retrying = fixture.Replace("set -eu\n", "set -u\n", StringComparison.Ordinal);
        var curl = Package("CurlBootstrap", zip => zip.Remove("bootstrap").AddFile("bootstrap", retrying, executable: true));
        await using var worker = await WorkerProcess.StartAsync(DataDirectory, maxEnvironments: 4, stemCells: 1);
        var busy = await StartReadyAsync(worker, DotNetSpec("Functions::Sleep"));
        await StartReadyAsync(worker, CustomSpec(curl));
        await WaitForStemCellAsync(worker);
        using var http = new HttpClient();
        using var aborted = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var invocation = http.PostAsync(busy.InvokeUrl, new StringContent("""{"Milliseconds":60000}"""), aborted.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var processes = Track(OsProcess.DescendantsOf(worker.Pid));
        Assert.Equal(2, processes.Count(p => p.CommandLine.Contains("Faas.Host.dll", StringComparison.Ordinal)));
        Assert.Contains(processes, p => p.CommandLine.Contains("/bootstrap", StringComparison.Ordinal));

        worker.KillWorkerOnly();
        await worker.WaitForExitAsync();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => invocation);

        var survivors = await WaitUntilGoneAsync(processes);
        Assert.True(survivors.Count == 0, "Still running after the worker was killed: " + string.Join("; ", survivors));
    }

    [Fact]
    public async Task WorkerRestarted_LeftoverProcessGroupAlive_KillsIt()
    {
        // A runtime whose child outlives it: the parent-death signal reaches the runtime, not its children.
        var fixture = File.ReadAllText(Path.Combine(FixtureFolder("CurlBootstrap"), "bootstrap"));
        var bootstrap = fixture.Replace("set -eu\n", "set -eu\nsleep 300 &\n", StringComparison.Ordinal);
        var package = Package("CurlBootstrap", zip => zip.Remove("bootstrap").AddFile("bootstrap", bootstrap, executable: true));
        await using (var first = await WorkerProcess.StartAsync(DataDirectory, maxEnvironments: 2))
        {
            await StartReadyAsync(first, CustomSpec(package));
            var processes = Track(OsProcess.DescendantsOf(first.Pid));
            var runtime = Assert.Single(processes, p => p.CommandLine.Contains("/bootstrap", StringComparison.Ordinal));
            var grandchild = Assert.Single(processes, p => p.CommandLine == "sleep 300");

            first.KillWorkerOnly();
            await first.WaitForExitAsync();
            Assert.Empty(await WaitUntilGoneAsync([runtime]));
            Assert.True(grandchild.IsAlive, "The grandchild should outlive the killed worker until a worker restarts.");

            await using var second = await WorkerProcess.StartAsync(DataDirectory, maxEnvironments: 2);

            Assert.Empty(await WaitUntilGoneAsync([grandchild]));
        }
    }

    [Fact]
    public async Task StartEnvironment_StartingThreadRetires_RuntimeKeepsRunning()
    {
        // Linux sends the parent-death signal when the thread that forked the child ends. Idle thread-pool threads
        // retire (here after 100 ms), so a runtime started from one would be killed soon after its start.
        var retireAtOnce = new Dictionary<string, string> { ["DOTNET_ThreadPool_ThreadTimeoutMs"] = "100" };
        await using var worker = await WorkerProcess.StartAsync(DataDirectory, maxEnvironments: 2, environment: retireAtOnce);
        var environment = await StartReadyAsync(worker, CustomSpec(Package("CurlBootstrap")));
        var runtime = Assert.Single(Track(OsProcess.DescendantsOf(worker.Pid)), p => p.CommandLine.Contains("/bootstrap", StringComparison.Ordinal));

        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.True(runtime.IsAlive, "The runtime was killed while its environment sat idle.");
        using var http = new HttpClient();
        using var response = await http.PostAsync(environment.InvokeUrl, new StringContent("""{"still":"here"}"""));
        Assert.Contains("still", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(runtime.IsAlive, "The invocation was served by another runtime process.");
    }

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        // A failed test leaves nothing behind either.
        foreach (var process in _seen.Where(static p => p.IsAlive))
        {
            process.Kill();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }

    private static async Task<EnvironmentInfo> StartReadyAsync(WorkerProcess worker, FunctionSpec spec)
    {
        var info = await worker.Control.StartEnvironmentAsync(new StartEnvironmentRequest { Function = spec }, deadline: DateTime.UtcNow.AddSeconds(60));
        Assert.True(info.State == EnvironmentState.Ready, $"{spec.FunctionName}: {info.State} {info.InitErrorType} {info.InitErrorMessage}");
        return info;
    }

    private static async Task WaitForStemCellAsync(WorkerProcess worker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await worker.Control.GetCapacityAsync(new GetCapacityRequest(), cancellationToken: timeout.Token)).ReadyStemCells < 1)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task<List<OsProcess>> WaitUntilGoneAsync(IReadOnlyCollection<OsProcess> processes)
    {
        var deadline = DateTime.UtcNow + GoneWithin;
        while (processes.Any(static p => p.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return [.. processes.Where(static p => p.IsAlive)];
    }

    private List<OsProcess> Track(List<OsProcess> processes)
    {
        _seen.AddRange(processes);
        return processes;
    }

    private FunctionSpec DotNetSpec(string typeAndMethod)
    {
        var spec = Spec(Package("HandlerShapes"), "dotnet10", "HandlerShapes::HandlerShapes." + typeAndMethod);
        spec.TimeoutSeconds = 90;
        return spec;
    }

    private static FunctionSpec CustomSpec(FunctionPackage package) => Spec(package, "provided.al2023", "function.handler");

    private static FunctionSpec Spec(FunctionPackage package, string runtime, string handler) => new()
    {
        FunctionName = $"death-{Guid.NewGuid():N}"[..18],
        Version = "$LATEST",
        Runtime = runtime,
        Handler = handler,
        MemoryMb = 256,
        TimeoutSeconds = 3,
        PackagePath = package.Path,
        CodeSha256 = package.CodeSha256,
    };

    private FunctionPackage Package(string fixture, Action<FunctionPackageBuilder>? change = null)
    {
        var builder = new FunctionPackageBuilder().AddFolder(FixtureFolder(fixture));
        change?.Invoke(builder);
        return builder.Build(Path.Combine(_root, "packages", $"{fixture}-{Guid.NewGuid():N}.zip"));
    }

    private static string FixtureFolder(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    /// <summary>One process, named by pid and start time so a reused pid is never mistaken for it.</summary>
    private sealed record OsProcess(int Pid, long StartTime, string CommandLine)
    {
        public bool IsAlive => ReadStartTime(Pid) == StartTime;

        public void Kill()
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(Pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
            }
        }

        public override string ToString() => $"{Pid} '{CommandLine}'";

        /// <summary>Every process below <paramref name="pid"/>, read from /proc before anything is killed.</summary>
        public static List<OsProcess> DescendantsOf(int pid)
        {
            var found = new List<OsProcess>();
            var pending = new Queue<int>([pid]);
            while (pending.TryDequeue(out var parent))
            {
                foreach (var child in Children(parent))
                {
                    pending.Enqueue(child);
                    if (ReadStartTime(child) is { } start)
                    {
                        found.Add(new OsProcess(child, start, ReadCommandLine(child)));
                    }
                }
            }

            return found;
        }

        private static IEnumerable<int> Children(int pid)
        {
            var children = new List<int>();
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                {
                    children.AddRange(File.ReadAllText(Path.Combine(task, "children"))
                        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                        .Select(static c => int.Parse(c, CultureInfo.InvariantCulture)));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }

            return children;
        }

        private static string ReadCommandLine(int pid)
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cmdline").TrimEnd('\0').Replace('\0', ' ');
            }
            catch (IOException)
            {
                return "";
            }
        }

        private static long? ReadStartTime(int pid)
        {
            try
            {
                // Field 22, counted after the command name, which ends at the last ')'.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return fields[0] == "Z" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
