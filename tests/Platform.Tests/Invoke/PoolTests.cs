using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Faas.Scheduler.Abstractions;
using Faas.Worker.Control;
using Faas.Worker.Hosting;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Invoke;

/// <summary>Warm pools as the workers see them: scale to zero, no eviction under a running invocation, provisioned environments, a lost worker.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PoolTests(PoolFixture pool, ITestOutputHelper output) : InvokeTestBase(pool.Platform, output), IClassFixture<PoolFixture>, IDisposable
{
    private readonly GrpcChannel _localWorker = GrpcChannel.ForAddress(pool.Platform.Platform.WorkerServices.GetRequiredService<WorkerEndpoints>().ControlUri);

    private const string SleepScript = """
        handler () {
          SECONDS_TO_SLEEP=$(echo "$1" | tr -dc '0-9')
          sleep "${SECONDS_TO_SLEEP:-0}"
          echo '{"slept":true}'
        }
        """;

    private WorkerControl.WorkerControlClient LocalWorker => new(_localWorker);

    [Fact]
    public async Task Pool_IdleFunction_ScalesToZero()
    {
        var name = UniqueName("idle");
        await CreateDotnetFunctionAsync(name, Echo);
        await InvokeOkAsync(name, """{"Message":"once"}""");
        Assert.Single(await EnvironmentsAsync(LocalWorker, name));

        var gone = await EventuallyAsync(async () => (await EnvironmentsAsync(LocalWorker, name)).Count == 0, TimeSpan.FromSeconds(30));

        Assert.True(gone, "the idle environment was never evicted");
        await InvokeOkAsync(name, """{"Message":"again"}""");
    }

    [Fact]
    public async Task Pool_InvocationLongerThanKeepAlive_EnvironmentKeptAndReused()
    {
        var name = UniqueName("long");
        await CreateDotnetFunctionAsync(name, Sleep, "--timeout", "30");
        var holdFor = (int)(PoolFixture.KeepAlive * 3).TotalMilliseconds;

        var first = JsonDocument.Parse(await InvokeOkAsync(name, $$"""{"Milliseconds":{{holdFor}}}""")).RootElement;
        var second = JsonDocument.Parse(await InvokeOkAsync(name, """{"Milliseconds":1}""")).RootElement;

        // The environment that ran for three keep-alives was never evicted under its invocation: the next one reuses it.
        // (Task.Delay may end a millisecond early by the stopwatch's clock: what matters is outlasting the keep-alive.)
        Assert.True(first.GetProperty("SleptMs").GetInt64() > 2 * PoolFixture.KeepAlive.TotalMilliseconds, $"slept {first.GetProperty("SleptMs")} ms");
        Assert.Equal(first.GetProperty("ProcessId").GetInt32(), second.GetProperty("ProcessId").GetInt32());
    }

    [Fact]
    public async Task Pool_ProvisionedConcurrency_KeepsEnvironmentsInitialisedPastKeepAlive()
    {
        var name = UniqueName("provisioned");
        await CreateDotnetFunctionAsync(name, Sleep);
        await LambdaOkAsync("publish-version", "--function-name", name);

        await LambdaOkAsync("put-provisioned-concurrency-config", "--function-name", name, "--qualifier", "1", "--provisioned-concurrent-executions", "2");
        var ready = await EventuallyAsync(async () => (await LambdaOkAsync("get-provisioned-concurrency-config", "--function-name", name, "--qualifier", "1"))!.Value.GetProperty("Status").GetString() == "READY", TimeSpan.FromSeconds(30));
        var provisioned = await EnvironmentsAsync(LocalWorker, name);
        await Task.Delay(PoolFixture.KeepAlive * 3);
        var later = await EnvironmentsAsync(LocalWorker, name);
        var (_, invoked) = await InvokeVersionAsync(name, "?Qualifier=1");

        Assert.True(ready, "provisioned concurrency never became READY");
        Assert.Equal(2, provisioned.Count);
        Assert.All(provisioned, static e => Assert.Equal("1", e.Version));
        Assert.Equal(provisioned.Select(static e => e.EnvironmentId).Order(), later.Select(static e => e.EnvironmentId).Order());
        Assert.Equal("1", invoked);
        Assert.Equal(2, (await EnvironmentsAsync(LocalWorker, name)).Count);

        // Without the config they are ordinary environments again, and idle ones scale to zero.
        await LambdaOkAsync("delete-provisioned-concurrency-config", "--function-name", name, "--qualifier", "1");
        var released = await EventuallyAsync(async () => (await EnvironmentsAsync(LocalWorker, name)).Count == 0, TimeSpan.FromSeconds(30));
        Assert.True(released, "the environments were kept after the provisioned concurrency config was deleted");
    }

    [Fact]
    public async Task Pool_WorkerKilledDuringInvocation_CallerGetsErrorAndNextInvocationRunsElsewhere()
    {
        await using var second = await WorkerProcess.StartAsync(Path.Combine(Fixture.RootDirectory, "second-worker"), maxEnvironments: 48);
        await Fixture.Platform.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkerRegistryGrain>(0).RegisterAsync(second.ControlUri.ToString());
        var name = UniqueName("lost");
        await CreateScriptFunctionAsync(name, SleepScript, "--timeout", "60");

        // The second worker has the most room, so the first environment goes there; the invocation holds it.
        var invocation = InvokeAsync(name, """{"sleep":30}""");
        var onSecond = await EventuallyAsync(async () => (await EnvironmentsAsync(second.Control, name)).Any(static e => e.State == EnvironmentState.Busy), TimeSpan.FromSeconds(30));
        Assert.True(onSecond, "the invocation did not run on the second worker");
        var killed = Stopwatch.StartNew();
        second.Kill();
        using var response = await invocation.WaitAsync(TimeSpan.FromSeconds(30));
        var answeredAfter = killed.Elapsed;

        var message = await AssertErrorAsync(response, 500, "ServiceException");
        Output.WriteLine($"answered {answeredAfter.TotalMilliseconds:F0} ms after the kill: {message}");
        Assert.True(answeredAfter < TimeSpan.FromSeconds(15), $"the caller waited {answeredAfter} after the worker died");
        using var next = await InvokeAsync(name, """{"sleep":0}""");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Contains("\"slept\":true", await next.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEmpty(await EnvironmentsAsync(LocalWorker, name));
    }

    [Fact]
    public async Task Pool_InitFails_ErrorServedOnceAndEnvironmentNotKept()
    {
        var name = UniqueName("initfail");
        await CreateFunctionAsync(name, DotnetRuntime, "InitFailure::InitFailure.Function::Handle", Fixture.Zip("InitFailure"));

        using var response = await InvokeAsync(name, "\"x\"");
        var body = await response.Content.ReadAsStringAsync();
        var discarded = await EventuallyAsync(async () => (await EnvironmentsAsync(LocalWorker, name)).Count == 0, TimeSpan.FromSeconds(10));
        await LambdaOkAsync("update-function-configuration", "--function-name", name, "--environment", "Variables={TABLE_NAME=orders}");
        var fixedBody = await InvokeOkAsync(name, "\"y\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", Assert.Single(response.Headers.GetValues("X-Amz-Function-Error")));
        Assert.Contains("Missing required setting TABLE_NAME", body, StringComparison.Ordinal);
        Assert.True(discarded, "the environment whose init failed was kept");
        Assert.Equal($"\"{name}: y\"", fixedBody);
    }

    [Fact]
    public async Task Pool_EnvironmentEvictedUnderLease_InvocationRetriedOnANewOne()
    {
        var name = UniqueName("evicted");
        await CreateDotnetFunctionAsync(name, Sleep);
        var first = JsonDocument.Parse(await InvokeOkAsync(name, """{"Milliseconds":1}""")).RootElement;
        var environment = Assert.Single(await EnvironmentsAsync(LocalWorker, name));

        await LocalWorker.EvictEnvironmentAsync(new EvictEnvironmentRequest { EnvironmentId = environment.EnvironmentId, Force = true });
        var second = JsonDocument.Parse(await InvokeOkAsync(name, """{"Milliseconds":1}""")).RootElement;

        Assert.NotEqual(first.GetProperty("ProcessId").GetInt32(), second.GetProperty("ProcessId").GetInt32());
        Assert.DoesNotContain(environment.EnvironmentId, (await EnvironmentsAsync(LocalWorker, name)).Select(static e => e.EnvironmentId));
    }

    [Fact]
    public async Task Pool_BurstOnColdFunctionWithSlowInit_StartsAtMostFourAtOnceAndAnswersEveryone()
    {
        // Each environment's init (the sourced script) takes a second and stamps when it began and ended.
        var marks = Directory.CreateTempSubdirectory("faas-init-marks");
        File.SetUnixFileMode(marks.FullName, (UnixFileMode)0x1FF);
        const string SlowInit = """
            echo "begin $(date +%s%N)" >> "$INIT_MARKS/$$"
            sleep 1
            echo "end $(date +%s%N)" >> "$INIT_MARKS/$$"
            handler () {
              echo '{"ok":true}'
            }
            """;
        var name = UniqueName("burst");
        await CreateScriptFunctionAsync(name, SlowInit, "--timeout", "30", "--environment", $"Variables={{INIT_MARKS={marks.FullName}}}");

        try
        {
            var calls = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
            {
                using var response = await InvokeAsync(name, "{}");
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }));

            Assert.All(calls, static call => Assert.Equal((HttpStatusCode.OK, "{\"ok\":true}"), call));
            var inits = Directory.GetFiles(marks.FullName)
                .Select(static f => File.ReadAllLines(f).Select(static l => long.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray())
                .Where(static t => t.Length == 2)
                .ToList();
            var firstReady = inits.Min(static t => t[1]);
            var startedBeforeAnyWasReady = inits.Count(t => t[0] < firstReady);
            Output.WriteLine($"{inits.Count} environments initialised; {startedBeforeAnyWasReady} began before the first was ready");
            Assert.InRange(startedBeforeAnyWasReady, 1, 4);
        }
        finally
        {
            marks.Delete(recursive: true);
        }
    }

    public new void Dispose()
    {
        _localWorker.Dispose();
        base.Dispose();
    }

    private async Task<(HttpStatusCode Status, string Version)> InvokeVersionAsync(string name, string query)
    {
        using var response = await InvokeAsync(name, """{"Milliseconds":1}""", query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.StatusCode, Assert.Single(response.Headers.GetValues("X-Amz-Executed-Version")));
    }

    private static async Task<List<EnvironmentInfo>> EnvironmentsAsync(WorkerControl.WorkerControlClient worker, string functionName)
    {
        var reply = await worker.ListEnvironmentsAsync(new ListEnvironmentsRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        return [.. reply.Environments.Where(e => e.FunctionName == functionName)];
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return await condition();
    }
}
