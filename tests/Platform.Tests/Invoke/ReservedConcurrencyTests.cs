using System.Net;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Invoke;

/// <summary>Reserved concurrency is a hard cap on in-flight executions, under load far beyond it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReservedConcurrencyTests(PlatformFixture fixture, ITestOutputHelper output) : InvokeTestBase(fixture, output)
{
    [Fact]
    public async Task Invoke_FarMoreCallersThanReserved_InFlightNeverExceedsCapAndExcessIsThrottled()
    {
        const int Cap = 3;
        const int Callers = 40;
        var loadFor = TimeSpan.FromSeconds(3);
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("capped");
        await CreateScriptFunctionAsync(name, RunProbe.Script, "--environment", probe.Environment("DELAY=0.3"));
        await LambdaOkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", $"{Cap}");

        // Every caller keeps invoking for a while (pausing briefly after a throttle), so leases are reused and
        // contended for throughout, not only in the first burst.
        var until = DateTime.UtcNow + loadFor;
        var results = await Task.WhenAll(Enumerable.Range(0, Callers).Select(async _ =>
        {
            var outcomes = new List<(HttpStatusCode Status, string Body, string? ErrorType)>();
            while (DateTime.UtcNow < until)
            {
                using var response = await InvokeAsync(name, "{}");
                outcomes.Add((response.StatusCode, await response.Content.ReadAsStringAsync(),
                    response.Headers.TryGetValues("x-amzn-ErrorType", out var type) ? type.Single() : null));
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    await Task.Delay(20);
                }
            }

            return outcomes;
        }));
        var all = results.SelectMany(static r => r).ToList();
        Output.WriteLine($"{all.Count(static o => o.Status == HttpStatusCode.OK)} ran, {all.Count(static o => o.Status == HttpStatusCode.TooManyRequests)} throttled, at most {probe.MaxInFlight} in flight");

        Assert.InRange(probe.MaxInFlight, 1, Cap);
        Assert.Equal(0, probe.InFlight);
        var succeeded = all.Where(static o => o.Status == HttpStatusCode.OK).ToList();
        var throttled = all.Where(static o => o.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(all.Count, succeeded.Count + throttled.Count);
        Assert.All(succeeded, static o => Assert.Contains("\"ok\":true", o.Body, StringComparison.Ordinal));
        Assert.Equal(succeeded.Count, probe.Events.Count);
        Assert.NotEmpty(throttled);
        Assert.All(throttled, static o =>
        {
            Assert.Equal("TooManyRequestsException", o.ErrorType);
            var body = JsonDocument.Parse(o.Body).RootElement;
            Assert.Equal("ReservedFunctionConcurrentInvocationLimitExceeded", body.GetProperty("Reason").GetString());
            Assert.Equal("Rate Exceeded.", body.GetProperty("message").GetString());
        });
        Assert.True(succeeded.Count > Cap, $"only {succeeded.Count} invocations ran");
    }

    [Fact]
    public async Task Invoke_ReservedConcurrencyZero_EveryInvocationThrottled()
    {
        var name = UniqueName("zero");
        await CreateDotnetFunctionAsync(name, Echo);
        await LambdaOkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", $"{0}");

        using var response = await InvokeAsync(name, "{}");

        await AssertErrorAsync(response, 429, "TooManyRequestsException");
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("Retry-After")));
    }

    [Fact]
    public async Task Invoke_ReservedConcurrencyRaised_NextInvocationsUseTheNewCap()
    {
        var name = UniqueName("raise");
        await CreateDotnetFunctionAsync(name, Echo);
        await LambdaOkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", $"{0}");
        using (var throttled = await InvokeAsync(name, "{}"))
        {
            await AssertErrorAsync(throttled, 429, "TooManyRequestsException");
        }

        await LambdaOkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", $"{1}");

        await InvokeOkAsync(name, """{"Message":"now"}""");
    }
}
