using System.Net;
using Faas.Cli.Up;
using Faas.Platform.Tests.Common;
using Faas.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Invoke;

/// <summary>
/// Two gateways, each co-hosted with a scheduler silo, in one cluster over a real Redis: reserved concurrency is one
/// budget across both, held by leases each gateway keeps locally, and shared between them when both are busy.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MultiGatewayTests(ITestOutputHelper output) : IDisposable
{
    private const string Role = "arn:aws:iam::000000000000:role/lambda-role";
    private readonly TestOutputLoggerProvider _logs = OwnPlatform.Logs(output);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faas-gateways-{Guid.NewGuid():N}");

    [Fact]
    public async Task Invoke_CallersOnTwoGatewaysBeyondTheCap_InFlightNeverExceedsItAcrossBoth()
    {
        const int Cap = 3;
        const int CallersPerGateway = 15;
        await using var redis = await RedisServer.StartAsync();
        await using var probe = await RunProbe.StartAsync();
        var packages = Path.Combine(_root, "packages");
        await using var first = await StartAsync(OwnPlatform.ClusterNode(Path.Combine(_root, "first"), redis.ConnectionString, packages));
        var firstWorker = first.WorkerServices.GetRequiredService<WorkerEndpoints>().ControlUri;
        await using var second = await StartAsync(OwnPlatform.ClusterNode(Path.Combine(_root, "second"), redis.ConnectionString, packages, otherWorker: firstWorker));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        // Created through one gateway, capped through the other: both see one function.
        var name = $"shared-{Guid.NewGuid():N}"[..24];
        var zip = Path.Combine(_root, "probe.zip");
        await File.WriteAllBytesAsync(zip, InvokeTestBase.ScriptZip(RunProbe.Script));
        await new AwsCli(first.GatewayUri).OkAsync("create-function", "--function-name", name, "--runtime", "provided.al2023", "--handler", "script.handler",
            "--role", Role, "--zip-file", $"fileb://{zip}", "--environment", probe.Environment("DELAY=0.3"));
        await new AwsCli(second.GatewayUri).OkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", $"{Cap}");

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        var callers = new[] { first.GatewayUri, second.GatewayUri }
            .SelectMany(gateway => Enumerable.Range(0, CallersPerGateway).Select(_ => CallUntilAsync(http, gateway, name, until)));
        var all = (await Task.WhenAll(callers)).SelectMany(static c => c).ToList();
        var ran = all.Count(static o => o.Status == HttpStatusCode.OK);
        var throttled = all.Count(static o => o.Status == HttpStatusCode.TooManyRequests);
        output.WriteLine($"{ran} ran, {throttled} throttled, at most {probe.MaxInFlight} in flight; per gateway: "
            + string.Join(", ", all.GroupBy(static o => o.Gateway).Select(static g => $"{g.Key.Port}: {g.Count(static o => o.Status == HttpStatusCode.OK)} ran")));

        Assert.InRange(probe.MaxInFlight, 1, Cap);
        Assert.Equal(0, probe.InFlight);
        Assert.Equal(all.Count, ran + throttled);
        Assert.Equal(ran, probe.Events.Count);
        Assert.True(ran > Cap, $"only {ran} invocations ran");

        // Neither gateway is shut out while the other keeps its leases busy back to back.
        Assert.All(new[] { first.GatewayUri, second.GatewayUri }, gateway => Assert.Contains(all, o => o.Gateway == gateway && o.Status == HttpStatusCode.OK));
        Assert.All(all.Where(static o => o.Status == HttpStatusCode.TooManyRequests), static o => Assert.Equal("TooManyRequestsException", o.ErrorType));
    }

    public void Dispose()
    {
        _logs.Detach();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left to the OS's temp cleanup.
        }
    }

    private static async Task<List<(Uri Gateway, HttpStatusCode Status, string? ErrorType)>> CallUntilAsync(HttpClient http, Uri gateway, string name, DateTime until)
    {
        var outcomes = new List<(Uri, HttpStatusCode, string?)>();
        while (DateTime.UtcNow < until)
        {
            using var response = await http.PostAsync(new Uri(gateway, $"2015-03-31/functions/{name}/invocations"), new StringContent("{}"));
            outcomes.Add((gateway, response.StatusCode, response.Headers.TryGetValues("x-amzn-ErrorType", out var type) ? type.Single() : null));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await Task.Delay(20);
            }
        }

        return outcomes;
    }

    private Task<LocalPlatform> StartAsync(LocalPlatformOptions options) => OwnPlatform.StartAsync(options, _logs);

    // Each platform has its own worker and data folder; the second silo also places on the first worker, and both
    // gateways serve packages from one store, as gateways behind one load balancer would.
}
