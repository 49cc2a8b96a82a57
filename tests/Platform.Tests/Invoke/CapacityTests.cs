using System.Net;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Faas.Worker.Control;
using Faas.Worker.Hosting;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Invoke;

/// <summary>Unreserved functions share the workers' capacity: idle environments make room, busy ones mean a throttle.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CapacityTests(CapacityFixture capacity, ITestOutputHelper output) : InvokeTestBase(capacity.Platform, output), IClassFixture<CapacityFixture>, IDisposable
{
    private const string Script = """
        handler () {
          SECONDS_TO_SLEEP=$(echo "$1" | tr -dc '0-9')
          sleep "${SECONDS_TO_SLEEP:-0}"
          echo '{"done":true}'
        }
        """;

    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(capacity.Platform.Platform.WorkerServices.GetRequiredService<WorkerEndpoints>().ControlUri);

    private WorkerControl.WorkerControlClient Worker => new(_channel);

    [Fact]
    public async Task Invoke_WorkersFullOfIdleEnvironments_LeastRecentlyUsedIsEvicted()
    {
        var names = Enumerable.Range(0, CapacityFixture.Slots + 1).Select(i => UniqueName($"lru{i}")).ToList();
        foreach (var name in names)
        {
            await CreateScriptFunctionAsync(name, Script);
        }

        foreach (var name in names.Take(CapacityFixture.Slots))
        {
            await InvokeOkAsync(name, "{}");
        }

        // The gateway hands the idle leases back; then the last function needs a slot.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await InvokeOkAsync(names[^1], "{}");

        var running = await FunctionsOnWorkerAsync();
        Assert.DoesNotContain(names[0], running);
        Assert.All(names.Skip(1), name => Assert.Contains(name, running));
    }

    [Fact]
    public async Task Invoke_WorkersFullOfIdleEnvironments_ReservedFunctionsEnvironmentIsEvictedLast()
    {
        var reserved = UniqueName("kept");
        var names = Enumerable.Range(0, CapacityFixture.Slots).Select(i => UniqueName($"lru{i}")).ToList();
        await CreateScriptFunctionAsync(reserved, Script);
        await LambdaOkAsync("put-function-concurrency", "--function-name", reserved, "--reserved-concurrent-executions", "2");
        foreach (var name in names)
        {
            await CreateScriptFunctionAsync(name, Script);
        }

        // The reserved function's environment is the least recently used when the last function needs a slot.
        await InvokeOkAsync(reserved, "{}");
        foreach (var name in names.SkipLast(1))
        {
            await InvokeOkAsync(name, "{}");
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await InvokeOkAsync(names[^1], "{}");

        var running = await FunctionsOnWorkerAsync();
        Assert.Contains(reserved, running);
        Assert.DoesNotContain(names[0], running);
        Assert.All(names.Skip(1), name => Assert.Contains(name, running));
    }

    [Fact]
    public async Task Invoke_WorkersFullOfBusyEnvironments_ThrottledWithConcurrentInvocationLimitExceeded()
    {
        var busy = UniqueName("busy");
        var other = UniqueName("other");
        await CreateScriptFunctionAsync(busy, Script, "--timeout", "30");
        await CreateScriptFunctionAsync(other, Script);

        var holding = Enumerable.Range(0, CapacityFixture.Slots).Select(_ => InvokeAsync(busy, """{"sleep":5}""")).ToList();
        var full = await EventuallyAsync(async () => (await Worker.ListEnvironmentsAsync(new ListEnvironmentsRequest())).Environments.Count(static e => e.State == EnvironmentState.Busy) == CapacityFixture.Slots);
        using var throttled = await InvokeAsync(other, "{}");
        var held = await Task.WhenAll(holding);

        // At once: the busy function's leases are idle in the gateway, which hands them back so one can be evicted.
        using var afterwards = await InvokeAsync(other, "{}");

        Assert.True(full, "the invocations never filled the worker");
        var message = await AssertErrorAsync(throttled, 429, "TooManyRequestsException");
        Assert.Equal("Rate Exceeded.", message);
        Assert.Equal("ConcurrentInvocationLimitExceeded", JsonDocument.Parse(await throttled.Content.ReadAsStringAsync()).RootElement.GetProperty("Reason").GetString());
        Assert.All(held, static r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        foreach (var response in held)
        {
            response.Dispose();
        }
    }

    public new void Dispose()
    {
        _channel.Dispose();
        base.Dispose();
    }

    private async Task<HashSet<string>> FunctionsOnWorkerAsync()
        => [.. (await Worker.ListEnvironmentsAsync(new ListEnvironmentsRequest())).Environments.Select(static e => e.FunctionName)];

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
