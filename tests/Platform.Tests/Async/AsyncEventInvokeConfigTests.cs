using System.Net;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Faas.Platform.Tests.Invoke;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Async;

/// <summary>
/// The dispatcher reads a function's event invoke config from its cached resolution (no registry call per event); a
/// change still applies to the very next event, because the registry's change drops the cached resolution.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AsyncEventInvokeConfigTests(AsyncFixture async, ITestOutputHelper output) : InvokeTestBase(async.Platform, output), IClassFixture<AsyncFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InvokeEvent_ConfigPutUpdatedDeletedBetweenEvents_EachNextEventFollowsTheCurrentConfig()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("config");
        var (put, updated, again) = ($"put-{name}", $"updated-{name}", $"again-{name}");
        await CreateScriptFunctionAsync(name, RunProbe.Script, "--environment", probe.Environment());

        await RunEventAsync(name, "none", probe);
        await LambdaOkAsync("put-function-event-invoke-config", "--function-name", name, "--destination-config", OnSuccess(put));
        await RunEventAsync(name, "put", probe);
        var afterPut = await SuccessIdsAsync(put, 1);
        await LambdaOkAsync("update-function-event-invoke-config", "--function-name", name, "--destination-config", OnSuccess(updated));
        await RunEventAsync(name, "updated", probe);
        var afterUpdate = await SuccessIdsAsync(updated, 1);
        await LambdaOkAsync("delete-function-event-invoke-config", "--function-name", name);
        await RunEventAsync(name, "deleted", probe);
        await LambdaOkAsync("put-function-event-invoke-config", "--function-name", name, "--destination-config", OnSuccess(again));
        await RunEventAsync(name, "again", probe);
        var afterAgain = await SuccessIdsAsync(again, 1);

        Assert.Equal(["put"], afterPut);
        Assert.Equal(["updated"], afterUpdate);
        Assert.Equal(["again"], afterAgain);

        // Neither the event before the first config nor the one after the delete went anywhere.
        Assert.Equal(["put"], await SuccessIdsAsync(put, 0));
        Assert.Equal(["updated"], await SuccessIdsAsync(updated, 0));
    }

    private static string OnSuccess(string topic) => $$$"""{"OnSuccess":{"Destination":"kafka://{{{topic}}}"}}""";

    private async Task RunEventAsync(string name, string id, RunProbe probe)
    {
        using var response = await InvokeAsync(name, $$"""{"id":"{{id}}"}""", headers: ("X-Amz-Invocation-Type", "Event"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await RunProbe.WaitUntilAsync(() => probe.Runs(id) == 1, Wait, () => $"'{id}' did not run; ran: {string.Join(", ", probe.DistinctIds())}");
    }

    // The ids of the success records on a topic, once it holds at least the count given.
    private async Task<List<string>> SuccessIdsAsync(string topic, int atLeast)
    {
        var records = atLeast == 0 ? await Kcat.ReadAllAsync(async.Kafka.BootstrapServers, topic) : await Kcat.WaitForAsync(async.Kafka.BootstrapServers, topic, atLeast, Wait);
        return [.. records.Select(static record =>
        {
            using var document = JsonDocument.Parse(record);
            Assert.Equal("Success", document.RootElement.GetProperty("requestContext").GetProperty("condition").GetString());
            return document.RootElement.GetProperty("requestPayload").GetProperty("id").GetString()!;
        })];
    }
}
