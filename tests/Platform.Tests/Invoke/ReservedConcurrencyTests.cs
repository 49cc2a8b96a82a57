using System.Net;
using System.Text.Json;
using Faas.Platform.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Invoke;

/// <summary>Reserved concurrency is a hard cap on in-flight executions, under load far beyond it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReservedConcurrencyTests(PlatformFixture fixture, ITestOutputHelper output) : InvokeTestBase(fixture, output)
{
    // Each invocation reports to the probe server as it enters and leaves, holding ~300 ms in between.
    private const string ProbeScript = """
        handler () {
          curl -sS -X POST "http://127.0.0.1:$PROBE_PORT/enter" >/dev/null
          sleep 0.3
          curl -sS -X POST "http://127.0.0.1:$PROBE_PORT/leave" >/dev/null
          echo '{"ok":true}'
        }
        """;

    [Fact]
    public async Task Invoke_FarMoreCallersThanReserved_InFlightNeverExceedsCapAndExcessIsThrottled()
    {
        const int Cap = 3;
        const int Callers = 40;
        var loadFor = TimeSpan.FromSeconds(3);
        await using var probe = await ProbeServer.StartAsync();
        var name = UniqueName("capped");
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", $"Variables={{PROBE_PORT={probe.Port}}}");
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
        Assert.Equal(succeeded.Count, probe.Entered);
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

    /// <summary>A loopback HTTP server that counts invocations in flight as the function reports them.</summary>
    private sealed class ProbeServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _inFlight;
        private int _maxInFlight;
        private int _entered;

        private ProbeServer(WebApplication app) => _app = app;

        public int Port { get; private set; }

        public int InFlight => Volatile.Read(ref _inFlight);

        public int MaxInFlight => Volatile.Read(ref _maxInFlight);

        public int Entered => Volatile.Read(ref _entered);

        public static async Task<ProbeServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var server = new ProbeServer(app);
            app.MapPost("/enter", () =>
            {
                Interlocked.Increment(ref server._entered);
                var now = Interlocked.Increment(ref server._inFlight);
                int max;
                while (now > (max = Volatile.Read(ref server._maxInFlight)) && Interlocked.CompareExchange(ref server._maxInFlight, now, max) != max)
                {
                }

                return Results.Ok();
            });
            app.MapPost("/leave", () =>
            {
                Interlocked.Decrement(ref server._inFlight);
                return Results.Ok();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            server.Port = new Uri(address).Port;
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
