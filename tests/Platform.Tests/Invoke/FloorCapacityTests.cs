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

/// <summary>
/// Provisioned concurrency and demand floors get the capacity other functions' idle environments hold, also those a
/// gateway keeps leased: idle leases are recalled and their environments evicted; busy environments, and the share of
/// a function with reserved concurrency, are left alone.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FloorCapacityTests(FloorCapacityFixture capacity, ITestOutputHelper output)
    : InvokeTestBase(capacity.Platform, output), IClassFixture<FloorCapacityFixture>, IAsyncLifetime
{
    private const int Slots = CapacityFixture.Slots;
    private const string Source = "floor-capacity-tests";

    // Generous: with the recall a floor is met within a few maintenance ticks; without it, not before the leases'
    // idle timeout of minutes.
    private static readonly TimeSpan FloorTimeout = TimeSpan.FromSeconds(40);

    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(capacity.Platform.Platform.WorkerServices.GetRequiredService<WorkerEndpoints>().ControlUri);
    private readonly List<string> _functions = [];

    private IGrainFactory Grains => Fixture.Platform.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        // The functions of the tests before are deleted; their environments go once the worker confirms.
        Assert.True(await EventuallyAsync(async () => (await EnvironmentsAsync()).Count == 0, TimeSpan.FromSeconds(30)), "the worker kept environments of earlier tests");
    }

    public async Task DisposeAsync()
    {
        foreach (var name in _functions)
        {
            await Fixture.Aws.LambdaAsync("delete-function", "--function-name", name);
        }

        _channel.Dispose();
    }

    [Fact]
    public async Task Demand_WorkerFullOfAnotherFunctionsIdleLeases_OneIsRecalledAndTheFloorMet()
    {
        var holder = await FillWorkerAsync();
        var floored = await CreateAsync("floor", Echo);
        var pool = Grains.GetGrain<IFunctionPoolGrain>(floored);

        await Grains.GetGrain<IFunctionDemandGrain>(floored).SetDemandAsync(Source, "$LATEST", 1);
        var met = await EventuallyAsync(async () => await pool.GetInitializedCountAsync("$LATEST") >= 1, FloorTimeout);
        var running = await EnvironmentsAsync();
        await InvokeOkAsync(holder, SleepPayload(0));

        Assert.True(met, "the floor was never met");
        Assert.Equal(1, running.Count(e => e.FunctionName == floored));
        Assert.Equal(Slots - 1, running.Count(e => e.FunctionName == holder));
    }

    [Fact]
    public async Task ProvisionedConcurrency_WorkerFullOfAnotherFunctionsIdleLeases_BecomesReady()
    {
        await FillWorkerAsync();
        var provisioned = await CreateAsync("prov", Echo, "--publish");

        await LambdaOkAsync("put-provisioned-concurrency-config", "--function-name", provisioned, "--qualifier", "1", "--provisioned-concurrent-executions", "1");
        var status = default(JsonElement);
        var ready = await EventuallyAsync(
            async () =>
            {
                status = (await LambdaOkAsync("get-provisioned-concurrency-config", "--function-name", provisioned, "--qualifier", "1"))!.Value;
                return status.GetProperty("Status").GetString() == "READY";
            },
            FloorTimeout,
            TimeSpan.FromMilliseconds(500));
        var running = await EnvironmentsAsync();

        Assert.True(ready, $"provisioned concurrency never became READY: {status}");
        Assert.Equal(1, status.GetProperty("AllocatedProvisionedConcurrentExecutions").GetInt32());
        Assert.Equal(1, status.GetProperty("AvailableProvisionedConcurrentExecutions").GetInt32());
        Assert.Equal(1, running.Count(e => e.FunctionName == provisioned && e.Version == "1"));
    }

    [Fact]
    public async Task Demand_AnotherFunctionsEnvironmentsBusy_FloorWaitsForAnIdleOneAndNoInvocationFails()
    {
        var holder = await CreateAsync("busy", Sleep, "--timeout", "30");
        var floored = await CreateAsync("floor", Echo);
        var pool = Grains.GetGrain<IFunctionPoolGrain>(floored);

        var running = Enumerable.Range(0, Slots).Select(_ => InvokeAsync(holder, SleepPayload(6000))).ToList();
        var full = await EventuallyAsync(async () => (await EnvironmentsAsync()).Count(e => e.FunctionName == holder && e.State == EnvironmentState.Busy) == Slots, TimeSpan.FromSeconds(30));
        await Grains.GetGrain<IFunctionDemandGrain>(floored).SetDemandAsync(Source, "$LATEST", 1);

        // While every environment runs an invocation, nothing can be taken for the floor.
        var samples = 0;
        var metWhileBusy = false;
        while (true)
        {
            var count = await pool.GetInitializedCountAsync("$LATEST");
            if (running.Any(static r => r.IsCompleted))
            {
                break;
            }

            metWhileBusy |= count > 0;
            samples++;
            await Task.Delay(200);
        }

        var held = await Task.WhenAll(running);

        // Then invocations go on while the floor recalls an idle lease from under them: each must still be served.
        using var met = new CancellationTokenSource();
        var callers = Enumerable.Range(0, 2).Select(_ => KeepInvokingAsync(holder, met.Token)).ToList();
        var floorMet = await EventuallyAsync(async () => await pool.GetInitializedCountAsync("$LATEST") >= 1, FloorTimeout);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await met.CancelAsync();
        var answers = (await Task.WhenAll(callers)).SelectMany(static a => a).ToList();

        Assert.True(full, "the invocations never filled the worker");
        Assert.True(samples > 0, "the invocations ended before the floor was asked for");
        Assert.False(metWhileBusy, "the floor took capacity while every environment ran an invocation");
        foreach (var response in held)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("X-Amz-Function-Error"), await response.Content.ReadAsStringAsync());
            response.Dispose();
        }

        Assert.True(floorMet, "the floor was never met once the environments were idle");
        Assert.NotEmpty(answers);
        Assert.All(answers, static a => Assert.True(a.Ok, a.Detail));
    }

    [Fact]
    public async Task Demand_WorkerFullOfAReservedFunctionsIdleLeases_FloorLeavesItsShare()
    {
        var reserved = await FillWorkerAsync(reservedConcurrency: Slots);
        var floored = await CreateAsync("floor", Echo);
        var pool = Grains.GetGrain<IFunctionPoolGrain>(floored);

        await Grains.GetGrain<IFunctionDemandGrain>(floored).SetDemandAsync(Source, "$LATEST", 1);

        // A floor that could take the capacity does within a second or two (the test above); give it several.
        await Task.Delay(TimeSpan.FromSeconds(8));
        var count = await pool.GetInitializedCountAsync("$LATEST");
        var running = await EnvironmentsAsync();

        Assert.Equal(0, count);
        Assert.Equal(Slots, running.Count(e => e.FunctionName == reserved));
    }

    private static string SleepPayload(int milliseconds) => $$"""{"Milliseconds":{{milliseconds}}}""";

    private async Task<string> CreateAsync(string prefix, string handler, params string[] extra)
    {
        var name = UniqueName(prefix);
        await CreateDotnetFunctionAsync(name, handler, extra);
        _functions.Add(name);
        return name;
    }

    // A function with as many environments as the worker holds, all idle, their leases kept by the gateway.
    private async Task<string> FillWorkerAsync(int? reservedConcurrency = null)
    {
        var holder = await CreateAsync("holder", Sleep, "--timeout", "30");
        if (reservedConcurrency is { } cap)
        {
            await LambdaOkAsync("put-function-concurrency", "--function-name", holder, "--reserved-concurrent-executions", cap.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, Slots).Select(_ => InvokeAsync(holder, SleepPayload(1500))));
        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            answer.Dispose();
        }

        var environments = await EnvironmentsAsync();
        Assert.Equal(Slots, environments.Count(e => e.FunctionName == holder && e.State == EnvironmentState.Ready));
        return holder;
    }

    private async Task<List<(bool Ok, string Detail)>> KeepInvokingAsync(string name, CancellationToken stop)
    {
        var answers = new List<(bool, string)>();
        while (!stop.IsCancellationRequested)
        {
            using var response = await InvokeAsync(name, SleepPayload(100));
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            answers.Add((response.StatusCode == HttpStatusCode.OK && !response.Headers.Contains("X-Amz-Function-Error"), $"{(int)response.StatusCode}: {body}"));
        }

        return answers;
    }

    private async Task<List<EnvironmentInfo>> EnvironmentsAsync()
        => [.. (await new WorkerControl.WorkerControlClient(_channel).ListEnvironmentsAsync(new ListEnvironmentsRequest())).Environments];

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }

        return false;
    }
}
