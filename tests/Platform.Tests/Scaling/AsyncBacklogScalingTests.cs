using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Faas.Platform.Tests.ControlApi;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Scaling;

/// <summary>
/// The async-invocation topics' backlog sizes each function's warm environments: events accepted with
/// <c>X-Amz-Invocation-Type: Event</c> wait in Kafka behind slow invocations; the scaler reads whose they are from the
/// records' headers, and the scaling status, the function's demand floor and its pool follow, per function.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AsyncBacklogScalingTests(ScalingFixture scaling, ITestOutputHelper output) : ControlApiTestBase(scaling.Platform, output), IClassFixture<ScalingFixture>
{
    private const string SleepHandler = "HandlerShapes::HandlerShapes.Functions::Sleep";
    private const string SourceId = KafkaScaleTarget.AsyncInvocationId + ":$LATEST";
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(90);

    private string _lastStatus = "";

    private IGrainFactory Grains => Fixture.Platform.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task AsyncBacklog_SlowFunctionWithReservedConcurrency_WarmsUpToTheCapThenBackToZero()
    {
        var function = await CreateSleepFunctionAsync("backlog", reservedConcurrency: 4);

        await InvokeEventsAsync(function, count: 40, sleepMs: 1500);

        // Forty waiting, capped by the reserved concurrency of 4.
        var busy = await WaitForFunctionAsync(function, f => f.GetProperty("DesiredEnvironments").GetInt32() == 4);
        Assert.True(busy.GetProperty("EstimatedBacklog").GetInt64() > 4, busy.ToString());
        Assert.Equal(4, busy.GetProperty("EnvironmentCap").GetInt32());
        Assert.Equal("$LATEST", busy.GetProperty("Qualifier").GetString());
        await WaitUntilAsync(async () => (await Grains.GetGrain<IFunctionDemandGrain>(function).GetDemandAsync()).GetValueOrDefault(SourceId) == 4, "the demand floor of 4");
        await WaitUntilAsync(async () => await Grains.GetGrain<IFunctionPoolGrain>(function).GetInitializedCountAsync("$LATEST") == 4, "four warm environments");

        // Drained: after the stabilisation window the function leaves the backlog and its floor is withdrawn.
        await WaitUntilAsync(async () => await FunctionAsync(function) is null, $"'{function}' to leave the async backlog");
        await WaitUntilAsync(async () => !(await Grains.GetGrain<IFunctionDemandGrain>(function).GetDemandAsync()).ContainsKey(SourceId), "the demand withdrawn");
    }

    [Fact]
    public async Task AsyncBacklog_TwoFunctions_CountedAndWarmedApart()
    {
        var many = await CreateSleepFunctionAsync("many", reservedConcurrency: 3);
        var few = await CreateSleepFunctionAsync("few", reservedConcurrency: 1);

        await InvokeEventsAsync(many, count: 12, sleepMs: 2000);
        await InvokeEventsAsync(few, count: 5, sleepMs: 2000);

        // Each function's own count (never the target's total of 17), and each its own cap.
        JsonElement manyShare = default, fewShare = default;
        await WaitUntilAsync(async () =>
        {
            var functions = await FunctionsAsync();
            if (functions.FirstOrDefault(f => f.GetProperty("FunctionName").GetString() == many) is not { ValueKind: JsonValueKind.Object } m
                || functions.FirstOrDefault(f => f.GetProperty("FunctionName").GetString() == few) is not { ValueKind: JsonValueKind.Object } f)
            {
                return false;
            }

            (manyShare, fewShare) = (m, f);
            return m.GetProperty("DesiredEnvironments").GetInt32() == 3 && f.GetProperty("DesiredEnvironments").GetInt32() == 1
                && m.GetProperty("EstimatedBacklog").GetInt64() > 0 && f.GetProperty("EstimatedBacklog").GetInt64() > 0;
        }, () => $"both functions in the backlog; last: {manyShare} {fewShare}; status: {_lastStatus}");

        Assert.True(manyShare.GetProperty("EstimatedBacklog").GetInt64() is >= 1 and <= 12, $"{manyShare} {fewShare} status: {_lastStatus}");
        Assert.True(fewShare.GetProperty("EstimatedBacklog").GetInt64() is >= 1 and <= 5, $"{manyShare} {fewShare} status: {_lastStatus}");
        Assert.Equal(3, (await Grains.GetGrain<IFunctionDemandGrain>(many).GetDemandAsync()).GetValueOrDefault(SourceId));
        Assert.Equal(1, (await Grains.GetGrain<IFunctionDemandGrain>(few).GetDemandAsync()).GetValueOrDefault(SourceId));

        await WaitUntilAsync(async () => await FunctionAsync(many) is null && await FunctionAsync(few) is null, "both to leave the async backlog");
    }

    private async Task<string> CreateSleepFunctionAsync(string prefix, int reservedConcurrency)
    {
        var name = UniqueName(prefix);
        var created = await Fixture.Aws.LambdaAsync([
            "create-function", "--function-name", name, "--runtime", Runtime, "--handler", SleepHandler, "--role", Role,
            "--timeout", "30", "--zip-file", $"fileb://{ZipFile(Fixture.Zip("HandlerShapes"))}"]);
        Assert.True(created.ExitCode == 0, created.ToString());
        await LambdaOkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", $"{reservedConcurrency}");
        return name;
    }

    private async Task InvokeEventsAsync(string function, int count, int sleepMs)
    {
        for (var i = 0; i < count; i++)
        {
            using var content = new StringContent($$"""{"Milliseconds":{{sleepMs}}}""", Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Fixture.GatewayUri, $"2015-03-31/functions/{function}/invocations")) { Content = content };
            request.Headers.Add("X-Amz-Invocation-Type", "Event");
            using var response = await Fixture.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }

    // The async target's Functions list, as the scaling status answers it.
    private async Task<List<JsonElement>> FunctionsAsync()
    {
        using var response = await Fixture.Http.GetAsync(new Uri(Fixture.GatewayUri, $"faas/2026-01-01/scaling?TargetId={KafkaScaleTarget.AsyncInvocationId}"));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [];
        }

        _lastStatus = await response.Content.ReadAsStringAsync();
        var target = JsonDocument.Parse(_lastStatus).RootElement.GetProperty("Targets")[0];
        return [.. target.GetProperty("Functions").EnumerateArray().Select(static f => f.Clone())];
    }

    private async Task<JsonElement?> FunctionAsync(string function) =>
        (await FunctionsAsync()).Where(f => f.GetProperty("FunctionName").GetString() == function).Select(static f => (JsonElement?)f).FirstOrDefault();

    private async Task<JsonElement> WaitForFunctionAsync(string function, Func<JsonElement, bool> done)
    {
        JsonElement? last = null;
        await WaitUntilAsync(async () => (last = await FunctionAsync(function)) is { } f && done(f), () => $"'{function}' in the async backlog; last: {last?.ToString() ?? "absent"}");
        return last!.Value;
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) => WaitUntilAsync(condition, () => what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > WaitTimeout)
            {
                Assert.Fail($"Timed out waiting for {what()}.");
            }

            await Task.Delay(100);
        }
    }
}
