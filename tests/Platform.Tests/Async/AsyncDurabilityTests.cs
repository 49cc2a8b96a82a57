using System.Net;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Faas.Platform.Tests.Invoke;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Async;

/// <summary>Nothing accepted is lost: environments killed and the platform restarted while events are being run.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AsyncDurabilityTests(AsyncFixture async, ITestOutputHelper output) : InvokeTestBase(async.Platform, output), IClassFixture<AsyncFixture>
{
    [Fact]
    public async Task InvokeEvent_EnvironmentsKilledAndPlatformRestartedMidStream_EveryAcceptedEventRunsOrReachesItsFailureDestination()
    {
        const int Succeeding = 40;
        const int Failing = 10;
        const int Reserved = 2;
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("durable");
        var failing = UniqueName("doomed");
        var failures = $"failures-{failing}";
        await CreateScriptFunctionAsync(name, RunProbe.Script, "--environment", probe.Environment("DELAY=0.2"));
        await LambdaOkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", $"{Reserved}");
        await CreateScriptFunctionAsync(failing, RunProbe.Script, "--environment", probe.Environment("FAIL=1"));
        await LambdaOkAsync("put-function-event-invoke-config", "--function-name", failing, "--maximum-retry-attempts", "0",
            "--destination-config", $$$"""{"OnFailure":{"Destination":"kafka://{{{failures}}}"}}""");
        var accepted = new List<string>();
        for (var i = 0; i < Succeeding + Failing; i++)
        {
            var target = i % 5 == 4 ? failing : name;
            using var response = await InvokeAsync(target, $$"""{"id":"e{{i}}"}""", headers: ("X-Amz-Invocation-Type", "Event"));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add($"e{i}");
            }
        }

        // Mid-stream: some events ran, most did not. Kill the function's environments, then restart the whole platform.
        await RunProbe.WaitUntilAsync(() => probe.DistinctIds().Count >= 10, TimeSpan.FromSeconds(60), () => $"{probe.DistinctIds().Count} ran");
        var killed = EnvironmentProcesses.Kill(name);
        var ranBeforeRestart = probe.DistinctIds().Count;
        await async.Platform.RestartAsync();
        await RunProbe.WaitUntilAsync(() => probe.DistinctIds().Count == Succeeding + Failing, TimeSpan.FromSeconds(90), () => $"{probe.DistinctIds().Count} ran");
        var records = await Kcat.WaitForAsync(async.Kafka.BootstrapServers, failures, Failing, TimeSpan.FromSeconds(60));
        var failed = records.Select(record => JsonDocument.Parse(record).RootElement.GetProperty("requestPayload").GetProperty("id").GetString()!).ToHashSet();
        var succeeded = probe.DistinctIds().Except(failed).ToHashSet();

        Output.WriteLine($"killed {killed} environment processes; {ranBeforeRestart} events had run before the restart; {probe.Events.Count} runs; {records.Count} failure records");
        Assert.Equal(Succeeding + Failing, accepted.Count);
        Assert.True(killed > 0, "no environment of the function was running to kill");
        Assert.True(ranBeforeRestart < accepted.Count, "every event had run before the restart; the test did not restart mid-stream");
        Assert.Equal(accepted.Order(), succeeded.Concat(failed).Order());
        Assert.Equal(Failing, failed.Count);

        // Offsets were committed behind settled events: only what was in flight at the kill and at the restart (at most
        // the reserved concurrency each, plus a retry written just before the stop) ran twice, not everything before it.
        Assert.InRange(probe.Events.Count(e => !failed.Any(id => e.Contains($"\"{id}\"", StringComparison.Ordinal))), Succeeding, Succeeding + (3 * Reserved));
    }
}
