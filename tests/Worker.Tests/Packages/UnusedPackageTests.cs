using Faas.Worker.Control;
using Faas.Worker.Packages;
using Faas.Worker.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.Packages;

/// <summary>
/// Unpacked packages go once no environment has used them for the retention time, never while one can still run from
/// them, and a later start of the same package unpacks it again. Each test has a worker of its own whose periodic sweep
/// is off, and runs the removal itself as of a chosen time.
/// </summary>
public sealed class UnusedPackageTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(30);

    [Fact]
    public async Task RemoveUnused_EnvironmentEvictedForTheRetentionTime_RemovesTheFolderAndALaterStartUnpacksAgain()
    {
        await using var worker = await StartWorkerAsync();
        var store = worker.Services.GetRequiredService<PackageStore>();
        var package = UniquePackage(worker);
        var folder = FolderOf(worker, package);
        var spec = FunctionSpecBuilder.HandlerShapes(package, "Functions::Echo").Build();
        await using (var environment = await worker.StartReadyEnvironmentAsync(spec, TestTimeout))
        {
            await AssertEchoesAsync(environment, "first");
        }

        var evicted = DateTimeOffset.UtcNow;
        var early = store.RemoveUnused(evicted + Retention - TimeSpan.FromMinutes(1));
        var keptEarly = Directory.Exists(folder);
        var due = store.RemoveUnused(evicted + Retention + TimeSpan.FromMinutes(1));

        Assert.Equal(0, early.Removed);
        Assert.True(keptEarly, "the folder went before the retention time");
        Assert.Equal(1, due.Removed);
        Assert.True(due.Bytes > 0);
        Assert.False(Directory.Exists(folder));
        Assert.Empty(Directory.EnumerateDirectories(store.Root, ".*"));

        await using var again = await worker.StartReadyEnvironmentAsync(spec, TestTimeout);
        await AssertEchoesAsync(again, "unpacked again");
        Assert.True(File.Exists(Path.Combine(folder, "HandlerShapes.dll")));
    }

    [Fact]
    public async Task RemoveUnused_PackagesOfIdleAndRunningEnvironments_AreKept()
    {
        await using var worker = await StartWorkerAsync();
        var store = worker.Services.GetRequiredService<PackageStore>();
        var idlePackage = UniquePackage(worker);
        var runningPackage = UniquePackage(worker);
        await using var idle = await worker.StartReadyEnvironmentAsync(FunctionSpecBuilder.HandlerShapes(idlePackage, "Functions::Echo").Build(), TestTimeout);
        await using var running = await worker.StartReadyEnvironmentAsync(
            FunctionSpecBuilder.HandlerShapes(runningPackage, "Functions::Sleep").WithTimeout(30).Build(), TestTimeout);
        var invocation = running.InvokeAsync("""{"Milliseconds":1500}""", cancellationToken: TestTimeout);
        await worker.WaitForStateAsync(running.Id, EnvironmentState.Busy, TestTimeout);

        var removal = store.RemoveUnused(DateTimeOffset.UtcNow + TimeSpan.FromDays(1));

        Assert.Equal(0, removal.Removed);
        Assert.True(Directory.Exists(FolderOf(worker, idlePackage)));
        Assert.True(Directory.Exists(FolderOf(worker, runningPackage)));
        Assert.Null((await invocation).FunctionError);
        await AssertEchoesAsync(idle, "still here");
    }

    [Fact]
    public async Task RemoveUnused_WhileTheSamePackageStartsAgainAndAgain_EveryStartRuns()
    {
        await using var worker = await StartWorkerAsync();
        var store = worker.Services.GetRequiredService<PackageStore>();
        var package = UniquePackage(worker);
        var folder = FolderOf(worker, package);
        var spec = FunctionSpecBuilder.HandlerShapes(package, "Functions::Echo").Build();
        using var starts = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout);
        var removed = 0;
        var remover = Task.Run(async () =>
        {
            // Every folder is "unused for a day" whenever no environment holds it.
            while (!starts.IsCancellationRequested)
            {
                removed += store.RemoveUnused(DateTimeOffset.UtcNow + TimeSpan.FromDays(1)).Removed;
                await Task.Delay(5, CancellationToken.None);
            }
        }, CancellationToken.None);

        try
        {
            for (var i = 0; i < 6; i++)
            {
                await using (var environment = await worker.StartReadyEnvironmentAsync(spec, TestTimeout))
                {
                    await AssertEchoesAsync(environment, $"round {i}");
                }

                // Every other round waits for the removal; the others start again at once, racing it.
                while (i % 2 == 0 && Directory.Exists(folder))
                {
                    await Task.Delay(5, TestTimeout);
                }
            }
        }
        finally
        {
            await starts.CancelAsync();
            await remover;
        }

        Output.WriteLine($"removed {removed} times while starting");
        Assert.True(removed > 0, "the package folder was never removed between two environments");
    }

    [Fact]
    public async Task Start_FoldersOfAnEarlierRun_LeftoversGoAtOnceAndUnusedPackagesAfterTheRetentionTime()
    {
        var data = Path.Combine(Path.GetTempPath(), $"faas-worker-packages-{Guid.NewGuid():N}");
        var packages = Path.Combine(data, "packages");
        var staging = ReadOnlyFolder(Path.Combine(packages, $".{new string('a', 64)}.{Guid.NewGuid():N}"));
        var unpacked = ReadOnlyFolder(Path.Combine(packages, new string('b', 64)));
        try
        {
            await using var worker = await StartWorkerAsync(data);
            var store = worker.Services.GetRequiredService<PackageStore>();
            var stagingGone = !Directory.Exists(staging);

            var seen = DateTimeOffset.UtcNow;
            var first = store.RemoveUnused(seen);
            var keptFirst = Directory.Exists(unpacked);
            var due = store.RemoveUnused(seen + Retention);

            Assert.True(stagingGone, "an interrupted unpack's folder survived the start");
            Assert.Equal(0, first.Removed);
            Assert.True(keptFirst, "a folder of an earlier run went before the retention time");
            Assert.Equal(1, due.Removed);
            Assert.False(Directory.Exists(unpacked));
        }
        finally
        {
            DeleteQuietly(data);
        }
    }

    private async Task<WorkerHost> StartWorkerAsync(string? dataDirectory = null)
    {
        var logs = new TestOutputLoggerProvider();
        logs.Attach(Output);
        return await WorkerHost.StartAsync(
            o =>
            {
                o.Environments.StemCells = 0;
                o.Packages.SweepInterval = TimeSpan.Zero;
                o.Packages.UnusedRetention = Retention;
                if (dataDirectory is not null)
                {
                    o.DataDirectory = dataDirectory;
                }
            },
            logs);
    }

    private static async Task AssertEchoesAsync(TestEnvironment environment, string message)
    {
        var result = await environment.InvokeAsync($$"""{"Message":"{{message}}"}""");
        Assert.Null(result.FunctionError);
        Assert.Contains(message, result.BodyText, StringComparison.Ordinal);
    }

    /// <summary>HandlerShapes with one extra file, so its hash (and unpacked folder) belongs to one test.</summary>
    private static FunctionPackage UniquePackage(WorkerHost worker)
        => new FunctionPackageBuilder()
            .AddFolder(WorkerFixture.FixtureFolder("HandlerShapes"))
            .AddFile($"unique-{Guid.NewGuid():N}.txt", "unique")
            .Build(Path.Combine(worker.RootDirectory, "packages", $"unique-{Guid.NewGuid():N}.zip"));

    private static string FolderOf(WorkerHost worker, FunctionPackage package)
        => Path.Combine(worker.DataDirectory, "packages", Convert.ToHexStringLower(Convert.FromBase64String(package.CodeSha256)));

    // Laid out as the store leaves a folder: a file inside, everything read-only.
    private static string ReadOnlyFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "handler.txt");
        File.WriteAllText(file, "code");
        File.SetUnixFileMode(file, UnixFileMode.UserRead);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return folder;
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A folder the test failed to see removed stays read-only; the OS cleans the temp folder.
        }
    }
}
