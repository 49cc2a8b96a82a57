using System.Diagnostics;
using Faas.Worker.Control;
using Faas.Worker.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.Environments;

/// <summary>A hanging, crashing, killed or memory-hungry function hurts only itself: a Lambda-shaped error, then a fresh environment.</summary>
[Trait("Category", "Slow")]
public sealed class EnvironmentFailureTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    [Fact]
    public async Task InvokeAsync_HandlerExceedsTimeout_ReturnsSandboxTimedoutAndReplacesEnvironment()
    {
        await using var environment = await StartSleepAsync(timeoutSeconds: 3);
        var before = await SleepAsync(environment, 0);

        var timedOut = await environment.InvokeAsync("""{"Milliseconds":20000}""", cancellationToken: TestTimeout);
        var after = await environment.InvokeAsync("""{"Milliseconds":0}""", InvokeOptions.WithTail, TestTimeout);

        var error = InvokeAssert.FunctionError(timedOut);
        Assert.Equal("Sandbox.Timedout", error.ErrorType);
        Assert.Equal($"RequestId: {timedOut.RequestId} Error: Task timed out after 3.00 seconds", error.ErrorMessage);
        InvokeAssert.Succeeded(after);
        Assert.NotEqual(before.ProcessId, after.ReadJson<SleepResult>().ProcessId);
        Assert.Contains("Init Duration", after.LogTail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exit")]
    [InlineData("failfast")]
    public async Task InvokeAsync_ProcessExits_ReturnsRuntimeExitErrorAndReplacesEnvironment(string mode)
    {
        var spec = FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, "Functions::Crash").Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);

        var crashed = await environment.InvokeAsync($$"""{"Mode":"{{mode}}"}""", cancellationToken: TestTimeout);
        var again = await environment.InvokeAsync($$"""{"Mode":"{{mode}}"}""", cancellationToken: TestTimeout);

        var error = InvokeAssert.FunctionError(crashed);
        Assert.Equal("Runtime.ExitError", error.ErrorType);
        Assert.Contains($"RequestId: {crashed.RequestId} Error: Runtime exited", error.ErrorMessage, StringComparison.Ordinal);
        // The replacement environment ran the handler again (and crashed again): the caller got the same error, not a 5xx.
        Assert.Equal("Runtime.ExitError", InvokeAssert.FunctionError(again).ErrorType);
    }

    [Fact]
    public async Task InvokeAsync_ProcessKilledMidInvocation_ReturnsRuntimeExitErrorAndRecovers()
    {
        await using var environment = await StartSleepAsync(timeoutSeconds: 60);
        var before = await SleepAsync(environment, 0);
        var running = environment.InvokeAsync("""{"Milliseconds":30000}""", cancellationToken: TestTimeout);
        await Worker.WaitForStateAsync(environment.Id, EnvironmentState.Busy, TestTimeout);

        using (var process = Process.GetProcessById(before.ProcessId))
        {
            process.Kill(); // SIGKILL on Unix
        }

        var killed = await running;
        var after = await SleepAsync(environment, 0);

        Assert.Equal("Runtime.ExitError", InvokeAssert.FunctionError(killed).ErrorType);
        Assert.NotEqual(before.ProcessId, after.ProcessId);
    }

    [Fact]
    public async Task InvokeAsync_HandlerExceedsMemory_ReturnsOutOfMemoryAndEnvironmentSurvives()
    {
        var spec = FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, "Functions::Hog").WithMemory(128).WithTimeout(60).Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);

        var hog = await environment.InvokeAsync("""{"MaxMb":4096}""", cancellationToken: TestTimeout);
        var modest = await environment.InvokeAsync("""{"MaxMb":16}""", cancellationToken: TestTimeout);

        // Either the worker stops the process (Runtime.OutOfMemory) or the GC's hard limit throws inside the host.
        Assert.Contains(InvokeAssert.FunctionError(hog).ErrorType, (string[])["Runtime.OutOfMemory", "OutOfMemoryException"]);
        InvokeAssert.Succeeded(modest);
        Assert.Contains("allocated 16 MB", modest.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_GrandchildExceedsMemory_ReturnsOutOfMemory()
    {
        // The handler runs in a subshell of the bootstrap, so `tail` is a grandchild of the environment's process; with no
        // newline to end its last line, it keeps everything it reads (about 1 GB a second).
        const string Hog = "handler () {\n  head -c 2000000000 /dev/zero | tail -n 1 | wc -c\n}\n";
        var package = Fixture.BuildPackage("CurlBootstrap", zip => zip.Remove("function.sh").AddFile("function.sh", Hog));
        var spec = FunctionSpecBuilder.Custom(package).WithMemory(128).WithTimeout(30).Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);

        var hog = await environment.InvokeAsync("{}", cancellationToken: TestTimeout);

        Assert.Equal("Runtime.OutOfMemory", InvokeAssert.FunctionError(hog).ErrorType);
    }

    [Fact]
    public async Task InvokeAsync_EightEnvironmentsAtOnce_AllSucceedInSeparateProcesses()
    {
        const int Count = 8;
        var spec = FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, "Functions::Sleep").WithMemory(128).WithTimeout(60).Build();
        var environments = new List<TestEnvironment>();
        try
        {
            for (var i = 0; i < Count; i++)
            {
                environments.Add(await Worker.StartReadyEnvironmentAsync(spec, TestTimeout));
            }

            var results = await Task.WhenAll(environments.Select(e => e.InvokeAsync("""{"Milliseconds":2000}""", cancellationToken: TestTimeout)));

            Assert.All(results, InvokeAssert.Succeeded);
            Assert.Equal(Count, results.Select(r => r.ReadJson<SleepResult>().ProcessId).Distinct().Count());
            Assert.Equal(Count, results.Select(r => r.RequestId).Distinct().Count());
        }
        finally
        {
            foreach (var environment in environments)
            {
                await environment.DisposeAsync();
            }
        }
    }

    private Task<TestEnvironment> StartSleepAsync(int timeoutSeconds)
        => Worker.StartReadyEnvironmentAsync(
            FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, "Functions::Sleep").WithTimeout(timeoutSeconds).Build(),
            TestTimeout);

    private async Task<SleepResult> SleepAsync(TestEnvironment environment, int milliseconds)
    {
        var result = await environment.InvokeAsync($$"""{"Milliseconds":{{milliseconds}}}""", cancellationToken: TestTimeout);
        InvokeAssert.Succeeded(result);
        return result.ReadJson<SleepResult>();
    }

    private sealed record SleepResult(int ProcessId, long SleptMs, string? AwsRequestId);
}
