using System.Net;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.EventSources;

/// <summary>A mapping's consumer group is watched by the lag scaler, whose decision sets how many pollers the gateways run.</summary>
[Collection(EventSourceCollection.Name)]
public sealed class EventSourceScalingTests(EventSourceFixture sources, ITestOutputHelper output) : EventSourceTestBase(sources, output)
{
    [Fact]
    public async Task Mapping_BacklogOverFourPartitions_ScalerRaisesPollersToTheMaximumAndEveryRecordIsProcessed()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-scale");
        var topic = $"topic-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment("DELAY=0.05"));
        var values = new List<string>();
        for (var partition = 0; partition < 4; partition++)
        {
            var batch = Enumerable.Range(0, 100).Select(i => $"p{partition}-{i}").ToList();
            values.AddRange(batch);
            await KafkaRecords.ProduceAsync(Brokers, topic, batch, partition: partition);
        }

        // 400 records behind at 100 per poller would ask for 4 pollers; the mapping allows 3.
        var uuid = (await CreateMappingAsync(name, topic, "--batch-size", "5", "--provisioned-poller-config", "MinimumPollers=1,MaximumPollers=3"))
            .GetProperty("UUID").GetString()!;

        var scaled = await WaitForScalingAsync(uuid, static status => status.GetProperty("DesiredPollers").GetInt32() == 3 && status.GetProperty("ActualPollers").GetInt32() == 3);
        Assert.Equal(name, scaled.GetProperty("FunctionName").GetString());
        Assert.Equal(4, scaled.GetProperty("PartitionCount").GetInt32());

        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Distinct().Count() == values.Count, Wait, () => $"{KafkaRecords.Values(probe.Events).Distinct().Count()} of {values.Count} records");
        Assert.Equal(values.Order(StringComparer.Ordinal), KafkaRecords.Values(probe.Events).Distinct().Order(StringComparer.Ordinal));
        var drained = await WaitForScalingAsync(uuid, static status => status.GetProperty("TotalLag").GetInt64() == 0);
        Assert.Equal(0, drained.GetProperty("TotalLag").GetInt64());

        // A deleted mapping is no longer watched.
        await LambdaOkAsync("delete-event-source-mapping", "--uuid", uuid);
        var until = DateTime.UtcNow + Wait;
        while (await ScalingStatusCodeAsync(uuid) != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < until, "the scaling target did not go with the mapping");
            await Task.Delay(100);
        }
    }

    private async Task<HttpStatusCode> ScalingStatusCodeAsync(string uuid)
    {
        using var response = await Fixture.Http.GetAsync(new Uri(Fixture.GatewayUri, $"faas/2026-01-01/scaling?TargetId={uuid}"));
        return response.StatusCode;
    }

    private async Task<JsonElement> WaitForScalingAsync(string uuid, Func<JsonElement, bool> done)
    {
        var until = DateTime.UtcNow + Wait;
        var last = "none";
        while (true)
        {
            using var response = await Fixture.Http.GetAsync(new Uri(Fixture.GatewayUri, $"faas/2026-01-01/scaling?TargetId={uuid}"));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var status = JsonDocument.Parse(body).RootElement.GetProperty("Targets")[0].Clone();
                last = status.ToString();
                if (done(status))
                {
                    return status;
                }
            }

            Assert.True(DateTime.UtcNow < until, $"scaling status of {uuid}; last: {last}");
            await Task.Delay(100);
        }
    }
}
