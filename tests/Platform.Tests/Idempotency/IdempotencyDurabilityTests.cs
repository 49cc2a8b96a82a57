using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Idempotency;

/// <summary>With <c>faas up --redis</c>, a completed record still answers after the platform restarts, on a new data folder.</summary>
public sealed class IdempotencyDurabilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faas-idempotency-{Guid.NewGuid():N}");

    [Fact]
    public async Task Restart_RedisBacked_RecordsStillAnswerAndTheConfigStays()
    {
        await using var redis = await RedisServer.StartAsync();
        var packages = Path.Combine(_root, "shared-packages");
        var name = IdempotentInvokeTests.Name("durable");
        var id = IdempotentInvokeTests.Id();
        var runs = Path.Combine(_root, "runs");
        InvokeAnswer first;

        var platform = await StartAsync(redis.ConnectionString, packages);
        try
        {
            var probe = new IdempotencyProbe(platform, runs);
            await probe.CreateAsync(name, """{"KeySource":"HEADER","ExpiresAfterSeconds":600}""");
            first = await probe.InvokeAsync(name, new { Id = id }, key: id);
        }
        finally
        {
            await platform.DisposeAsync();
        }

        await redis.RestartAsync();

        platform = await StartAsync(redis.ConnectionString, packages);
        try
        {
            var probe = new IdempotencyProbe(platform, runs);
            var replayed = await probe.InvokeAsync(name, new { Id = id }, key: id);
            using var config = await probe.SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}/idempotency-config");

            Assert.Equal(200, first.Status);
            Assert.True(replayed.Replayed);
            Assert.Equal(first.Body, replayed.Body);
            Assert.Equal(1, probe.Runs(id));
            Assert.Contains("\"ExpiresAfterSeconds\":600", await config.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await platform.DisposeAsync();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
        catch (UnauthorizedAccessException)
        {
            // Files written by sandboxed environments; likewise.
        }
    }

    // Each platform has a data folder of its own: what the second finds can only come from Redis (and the shared packages).
    private async Task<PlatformFixture> StartAsync(string redis, string packages)
    {
        var platform = new PlatformFixture();
        platform.Options.Redis = redis;
        platform.Options.ConfigureGateway = gateway => gateway.PackageDirectory = packages;
        platform.Output.Attach(output);
        await platform.InitializeAsync();
        return platform;
    }
}
