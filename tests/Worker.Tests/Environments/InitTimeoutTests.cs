using Faas.Worker.Control;
using Faas.Worker.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.Environments;

/// <summary>A runtime that never asks for its first invocation is stopped at the init timeout with Lambda's timeout error.</summary>
public sealed class InitTimeoutTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    [Fact]
    public async Task StartEnvironment_RuntimeNeverCallsNext_FailsWithSandboxTimedoutAndStopsTheProcess()
    {
        // The init timeout is a worker setting, so this test has a worker of its own with a short one.
        var logs = new TestOutputLoggerProvider();
        logs.Attach(Output);
        await using var worker = await WorkerHost.StartAsync(o => o.Environments.InitTimeout = TimeSpan.FromSeconds(1), logs);
        var package = new FunctionPackageBuilder()
            .AddFile("bootstrap", "#!/bin/sh\necho \"$$\" > \"$TMPDIR/pid\"\nexec sleep 600\n", executable: true)
            .Build(Path.Combine(worker.RootDirectory, "packages", "stuck.zip"));
        var spec = FunctionSpecBuilder.Custom(package).Build();

        var environment = await worker.StartEnvironmentAsync(spec, TestTimeout);
        var invoke = await environment.InvokeAsync("{}", cancellationToken: TestTimeout);

        Assert.Equal(EnvironmentState.Failed, environment.Info.State);
        Assert.Equal("Sandbox.Timedout", environment.Info.InitErrorType);
        Assert.Equal("Sandbox.Timedout", InvokeAssert.FunctionError(invoke).ErrorType);
        var pidFile = Directory.EnumerateFiles(Path.Combine(worker.DataDirectory, "environments"), "pid", SearchOption.AllDirectories).First();
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await WaitUntilExitedAsync(pid);
        logs.Detach();
    }

    // Polls until the process is gone or a zombie; the test's own timeout bounds the wait.
    private async Task WaitUntilExitedAsync(int pid)
    {
        while (IsRunning(pid))
        {
            await Task.Delay(50, TestTimeout);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
