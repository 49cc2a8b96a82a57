using System.Globalization;
using System.Net;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Faas.Platform.Tests.Invoke;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Async;

/// <summary>
/// <c>X-Amz-Invocation-Type: Event</c> end to end: accepted into Kafka, run by the dispatcher with Lambda's retries,
/// outcomes delivered to destinations; Kafka read and written from outside with kcat.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AsyncInvokeTests(AsyncFixture async, ITestOutputHelper output) : InvokeTestBase(async.Platform, output), IClassFixture<AsyncFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task InvokeEvent_AcceptedOverHttpCliAndInvokeAsync_Answers202ThenTheFunctionRuns()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("async");
        await CreateScriptFunctionAsync(name, RunProbe.Script, "--environment", probe.Environment());

        using var response = await InvokeAsync(name, """{"id":"http"}""", headers: ("X-Amz-Invocation-Type", "Event"));
        var cli = await CliInvokeAsync(name, """{"id":"cli"}""", Path.Combine(Fixture.RootDirectory, $"{name}.out"), "--invocation-type", "Event");
        var argsFile = Path.Combine(Fixture.RootDirectory, $"{name}.json");
        await File.WriteAllTextAsync(argsFile, """{"id":"legacy"}""");
        var legacy = await Fixture.Aws.LambdaAsync("invoke-async", "--function-name", name, "--invoke-args", argsFile);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.NotEmpty(response.Headers.GetValues("x-amzn-RequestId"));
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal(202, cli.Json.GetProperty("StatusCode").GetInt32());
        Assert.True(legacy.ExitCode == 0, legacy.ToString());
        Assert.Equal(202, legacy.Json.GetProperty("Status").GetInt32());
        await RunProbe.WaitUntilAsync(() => probe.Runs("http") == 1 && probe.Runs("cli") == 1 && probe.Runs("legacy") == 1, Wait, () => $"runs: {string.Join(" | ", probe.Events)}");
    }

    [Fact]
    public async Task InvokeEvent_FunctionAlwaysFails_RunsOncePlusConfiguredRetriesThenFailureTopicGetsTheRecord()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("failing");
        var topic = $"failures-{name}";
        await CreateScriptFunctionAsync(name, RunProbe.Script, "--environment", probe.Environment("FAIL=1"));
        await LambdaOkAsync("put-function-event-invoke-config", "--function-name", name, "--maximum-retry-attempts", "1",
            "--destination-config", $$$"""{"OnFailure":{"Destination":"kafka://{{{topic}}}"}}""");

        using var response = await InvokeAsync(name, """{"id":"doomed"}""", headers: ("X-Amz-Invocation-Type", "Event"));
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        var records = await Kcat.WaitForAsync(async.Kafka.BootstrapServers, topic, 1, Wait);

        // No third run comes after the record, even after longer than the next retry delay would be.
        await Task.Delay(AsyncFixture.RetryDelay * 3);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, probe.Runs("doomed"));
        using var record = JsonDocument.Parse(Assert.Single(await Kcat.ReadAllAsync(async.Kafka.BootstrapServers, topic)));
        var root = record.RootElement;
        Assert.Equal("1.0", root.GetProperty("version").GetString());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("timestamp").GetString(), CultureInfo.InvariantCulture, out _));
        var context = root.GetProperty("requestContext");
        Assert.Equal(requestId, context.GetProperty("requestId").GetString());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}:$LATEST", context.GetProperty("functionArn").GetString());
        Assert.Equal("RetriesExhausted", context.GetProperty("condition").GetString());
        Assert.Equal(2, context.GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal("doomed", root.GetProperty("requestPayload").GetProperty("id").GetString());
        var responseContext = root.GetProperty("responseContext");
        Assert.Equal(200, responseContext.GetProperty("statusCode").GetInt32());
        Assert.Equal("$LATEST", responseContext.GetProperty("executedVersion").GetString());
        Assert.Equal("Unhandled", responseContext.GetProperty("functionError").GetString());
        Assert.Equal("Runtime.ExitError", root.GetProperty("responsePayload").GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task InvokeEvent_DefaultConfigAndFunctionAlwaysFails_RunsThreeTimes()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("retried");
        await CreateScriptFunctionAsync(name, RunProbe.Script, "--environment", probe.Environment("FAIL=1"));

        using var response = await InvokeAsync(name, """{"id":"thrice"}""", headers: ("X-Amz-Invocation-Type", "Event"));
        await RunProbe.WaitUntilAsync(() => probe.Runs("thrice") >= 3, Wait, () => $"runs: {probe.Runs("thrice")}");
        await Task.Delay(AsyncFixture.RetryDelay * 5);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, probe.Runs("thrice"));
    }

    [Fact]
    public async Task InvokeEvent_Succeeds_SuccessDestinationFunctionGetsTheRecordAsItsEvent()
    {
        await using var probe = await RunProbe.StartAsync();
        var source = UniqueName("source");
        var target = UniqueName("target");
        await CreateScriptFunctionAsync(source, RunProbe.Script, "--environment", probe.Environment());
        var targetArn = (await CreateScriptFunctionAsync(target, RunProbe.Script, "--environment", probe.Environment())).GetProperty("FunctionArn").GetString();
        await LambdaOkAsync("put-function-event-invoke-config", "--function-name", source,
            "--destination-config", $$$"""{"OnSuccess":{"Destination":"{{{targetArn}}}"}}""");

        using var response = await InvokeAsync(source, """{"id":"fine"}""", headers: ("X-Amz-Invocation-Type", "Event"));
        await RunProbe.WaitUntilAsync(() => probe.Events.Any(e => e.Contains("\"condition\":\"Success\"", StringComparison.Ordinal)), Wait, () => string.Join(" | ", probe.Events));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, probe.Runs("fine"));
        using var record = JsonDocument.Parse(probe.Events.Single(e => e.Contains("\"condition\"", StringComparison.Ordinal)));
        var root = record.RootElement;
        Assert.Equal(response.Headers.GetValues("x-amzn-RequestId").Single(), root.GetProperty("requestContext").GetProperty("requestId").GetString());
        Assert.Equal(1, root.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal("fine", root.GetProperty("requestPayload").GetProperty("id").GetString());
        Assert.False(root.GetProperty("responseContext").TryGetProperty("functionError", out _));
        Assert.True(root.GetProperty("responsePayload").GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task InvokeEvent_QueuedLongerThanMaximumEventAge_FailureRecordWithoutRunning()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("aged");
        var topic = $"failures-{name}";
        await CreateScriptFunctionAsync(name, RunProbe.Script, "--environment", probe.Environment());
        await LambdaOkAsync("put-function-event-invoke-config", "--function-name", name, "--maximum-event-age-in-seconds", "60",
            "--destination-config", $$$"""{"OnFailure":{"Destination":"kafka://{{{topic}}}"}}""");
        var requestId = Guid.NewGuid().ToString();
        var acceptedAt = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        // Queued from outside with kcat, as if accepted two minutes ago.
        await Kcat.ProduceAsync(async.Kafka.BootstrapServers, "faas-async-invocations", """{"id":"stale"}""",
            ("faas-function", name), ("faas-request-id", requestId), ("faas-accepted-at", acceptedAt));
        var records = await Kcat.WaitForAsync(async.Kafka.BootstrapServers, topic, 1, Wait);

        using var record = JsonDocument.Parse(Assert.Single(records));
        var context = record.RootElement.GetProperty("requestContext");
        Assert.Equal(requestId, context.GetProperty("requestId").GetString());
        Assert.Equal("EventAgeExceeded", context.GetProperty("condition").GetString());
        Assert.Equal(0, context.GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal("stale", record.RootElement.GetProperty("requestPayload").GetProperty("id").GetString());
        Assert.Equal(0, probe.Runs("stale"));
    }

    [Fact]
    public async Task InvokeEvent_IdempotentFunctionGetsTheSameEventTwice_RunsOnceAndBothDeliveriesSucceed()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("idem");
        var topic = $"successes-{name}";
        await CreateScriptFunctionAsync(name, RunProbe.Script, "--environment", probe.Environment());
        await LambdaOkAsync("put-function-event-invoke-config", "--function-name", name,
            "--destination-config", $$$"""{"OnSuccess":{"Destination":"kafka://{{{topic}}}"}}""");
        using (var put = await Fixture.Http.PutAsync(new Uri(Fixture.GatewayUri, $"2015-03-31/functions/{name}/idempotency-config"), new StringContent("""{"KeySource":"HEADER"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // One event delivered twice (as after a crash before its offset was committed), and another one.
        var requestId = Guid.NewGuid().ToString();
        foreach (var id in new[] { "twice", "twice" })
        {
            await Kcat.ProduceAsync(async.Kafka.BootstrapServers, "faas-async-invocations", $$"""{"id":"{{id}}"}""", ("faas-function", name), ("faas-request-id", requestId));
        }

        await Kcat.ProduceAsync(async.Kafka.BootstrapServers, "faas-async-invocations", """{"id":"once"}""", ("faas-function", name), ("faas-request-id", Guid.NewGuid().ToString()));
        var successes = await Kcat.WaitForAsync(async.Kafka.BootstrapServers, topic, 3, Wait);

        Assert.Equal(2, successes.Count(r => JsonDocument.Parse(r).RootElement.GetProperty("requestContext").GetProperty("requestId").GetString() == requestId));
        Assert.Equal(1, probe.Runs("twice"));
        Assert.Equal(1, probe.Runs("once"));
    }

    [Fact]
    public async Task InvokeEvent_BurstOnReservedConcurrencyOne_NeverTwoAtOnceAndEveryEventRuns()
    {
        const int Events = 12;
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("serial");
        await CreateScriptFunctionAsync(name, RunProbe.Script, "--environment", probe.Environment("DELAY=0.2"));
        await LambdaOkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "1");

        var responses = await Task.WhenAll(Enumerable.Range(0, Events).Select(async i =>
        {
            using var response = await InvokeAsync(name, $$"""{"id":"e{{i}}"}""", headers: ("X-Amz-Invocation-Type", "Event"));
            return response.StatusCode;
        }));
        await RunProbe.WaitUntilAsync(() => probe.DistinctIds().Count == Events, Wait, () => $"{probe.DistinctIds().Count} of {Events} ran");

        Assert.All(responses, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(1, probe.MaxInFlight);
    }

    [Fact]
    public async Task InvokeEvent_ReservedConcurrencyHeldBySyncCalls_ThrottledEventRetriedNotCountedAsAnAttempt()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("shared");
        await CreateScriptFunctionAsync(name, RunProbe.Script, "--environment", probe.Environment("DELAY=1"));
        await LambdaOkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "1");
        await LambdaOkAsync("put-function-event-invoke-config", "--function-name", name, "--maximum-retry-attempts", "0");

        // Synchronous calls hold the one slot back to back while the event is queued: it is throttled meanwhile.
        var sync = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await InvokeOkAsync(name, $$"""{"id":"sync{{i}}"}""");
            }
        });
        await RunProbe.WaitUntilAsync(() => probe.Runs("sync0") == 1, Wait, () => "the first synchronous call did not start");
        using var response = await InvokeAsync(name, """{"id":"queued"}""", headers: ("X-Amz-Invocation-Type", "Event"));
        await sync;
        await RunProbe.WaitUntilAsync(() => probe.Runs("queued") == 1, Wait, () => string.Join(" | ", probe.Events));
        var throttles = await ThrottlesAsync(name);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(throttles >= 1, "the event was never throttled, so the test did not exercise the shared budget");
        Assert.Equal(1, probe.MaxInFlight);
        Assert.Equal(1, probe.Runs("queued"));
    }

    /// <summary>The gateway's <c>faas_throttles_total</c> for a function (the exporter caches a scrape briefly).</summary>
    private async Task<double> ThrottlesAsync(string functionName)
    {
        for (var attempt = 0; ; attempt++)
        {
            var text = await Fixture.Http.GetStringAsync(new Uri(Fixture.GatewayUri, "/metrics"));
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("faas_throttles_total{", StringComparison.Ordinal) && l.Contains($"function_name=\"{functionName}\"", StringComparison.Ordinal));
            if (line is not null || attempt == 40)
            {
                return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }

            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task InvokeEvent_BadInput_LambdaErrorsAndNothingQueued()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("refuses");
        await CreateScriptFunctionAsync(name, RunProbe.Script, "--environment", probe.Environment());
        var tooLarge = $$"""{"id":"big","pad":"{{new string('x', 256 * 1024)}}"}""";

        using var large = await InvokeAsync(name, tooLarge, headers: ("X-Amz-Invocation-Type", "Event"));
        using var invalid = await InvokeAsync(name, """{"id":"broken" """, headers: ("X-Amz-Invocation-Type", "Event"));
        using var unknown = await InvokeAsync(UniqueName("missing"), """{"id":"nobody"}""", headers: ("X-Amz-Invocation-Type", "Event"));
        using var unknownVersion = await InvokeAsync(name, """{"id":"v9"}""", "?Qualifier=9", ("X-Amz-Invocation-Type", "Event"));
        using var good = await InvokeAsync(name, """{"id":"after"}""", headers: ("X-Amz-Invocation-Type", "Event"));
        await RunProbe.WaitUntilAsync(() => probe.Runs("after") == 1, Wait, () => string.Join(" | ", probe.Events));

        Assert.Contains("262144 bytes", await AssertErrorAsync(large, 413, "RequestTooLargeException"), StringComparison.Ordinal);
        await AssertErrorAsync(invalid, 400, "InvalidRequestContentException");
        await AssertErrorAsync(unknown, 404, "ResourceNotFoundException");
        await AssertErrorAsync(unknownVersion, 404, "ResourceNotFoundException");
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        Assert.Equal(["after"], probe.DistinctIds());
    }
}
