using Faas.Idempotency;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Idempotency;

/// <summary>The records' Redis killed under an idempotent function: refused or run as configured, nothing left half-written.</summary>
[Collection(IdempotencyCollection.Name)]
public sealed class RedisOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly IdempotencyFixture _fixture;
    private readonly string _healthCheck = IdempotentInvokeTests.Name("health");

    public RedisOutageTests(IdempotencyFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _fixture.Platform.Output.Attach(output);
    }

    private IdempotencyProbe Probe => _fixture.Probe;

    [Fact]
    public async Task Invoke_RedisDownFailClosed_IsRefusedWithoutRunningAndRunsOnceRedisIsBack()
    {
        var name = IdempotentInvokeTests.Name("closed");
        var id = IdempotentInvokeTests.Id();
        await Probe.CreateAsync(name, """{"KeySource":"HEADER"}""");
        await Probe.InvokeAsync(name, new { Id = IdempotentInvokeTests.Id() }, key: IdempotentInvokeTests.Id());

        _fixture.Redis.Kill();
        InvokeAnswer refused;
        try
        {
            refused = await Probe.InvokeAsync(name, new { Id = id }, key: id);
        }
        finally
        {
            await _fixture.Redis.RestartAsync();
        }

        var runsWhileDown = Probe.Runs(id);
        var ran = await InvokeUntilServedAsync(name, id);
        var duplicate = await Probe.InvokeAsync(name, new { Id = id }, key: id);

        Assert.Equal(503, refused.Status);
        Assert.Equal("IdempotencyPersistenceLayerException", refused.ErrorType);
        Assert.True(refused.HasRequestId);
        Assert.Equal(0, runsWhileDown);
        Assert.Equal(1, ran.Run);
        Assert.True(duplicate.Replayed);
        Assert.Equal(1, Probe.Runs(id));
    }

    [Fact]
    public async Task Invoke_RedisDownFailOpen_RunsEveryCallWithoutARecord()
    {
        var name = IdempotentInvokeTests.Name("open");
        var id = IdempotentInvokeTests.Id();
        await Probe.CreateAsync(name, """{"KeySource":"HEADER","OnStoreUnavailable":"FAIL_OPEN"}""");
        await Probe.InvokeAsync(name, new { Id = IdempotentInvokeTests.Id() }, key: IdempotentInvokeTests.Id());

        _fixture.Redis.Kill();
        InvokeAnswer first;
        InvokeAnswer second;
        try
        {
            first = await Probe.InvokeAsync(name, new { Id = id }, key: id);
            second = await Probe.InvokeAsync(name, new { Id = id }, key: id);
        }
        finally
        {
            await _fixture.Redis.RestartAsync();
        }

        await WaitUntilServingAsync();
        var recorded = await _fixture.Records.KeyExistsAsync(IdempotencyKeys.For(name, id));

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.False(second.Replayed);
        Assert.Equal(2, Probe.Runs(id));
        Assert.False(recorded);
    }

    [Fact]
    public async Task Invoke_RedisKilledWhileTheHandlerRuns_LeavesACompletedRecordOnceRedisIsBack()
    {
        var name = IdempotentInvokeTests.Name("midrun");
        var id = IdempotentInvokeTests.Id();
        await Probe.CreateAsync(name, """{"KeySource":"HEADER"}""");
        var key = IdempotencyKeys.For(name, id);

        var running = Probe.InvokeAsync(name, new { Id = id, SleepMs = 1500 }, key: id);
        await WaitAsync(() => Task.FromResult(Probe.Runs(id) == 1));
        var whileRunning = await _fixture.Records.HashGetAsync(key, "status");
        _fixture.Redis.Kill();
        InvokeAnswer answer;
        try
        {
            answer = await running;
        }
        finally
        {
            await _fixture.Redis.RestartAsync();
        }

        await WaitAsync(async () => await _fixture.Records.HashGetAsync(key, "status") == "COMPLETED");
        var record = (await _fixture.Records.HashGetAllAsync(key)).ToDictionary(entry => entry.Name.ToString(), entry => entry.Value);
        var inProgress = await InProgressRecordsAsync();
        var duplicate = await Probe.InvokeAsync(name, new { Id = id }, key: id);

        Assert.Equal("INPROGRESS", whileRunning);
        Assert.Equal(200, answer.Status);
        Assert.Equal(1, answer.Run);
        Assert.True(record.ContainsKey("data"));
        Assert.True(long.Parse(record["expiration"].ToString(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Empty(inProgress);
        Assert.True(duplicate.Replayed);
        Assert.Equal(answer.Body, duplicate.Body);
        Assert.Equal(1, Probe.Runs(id));
    }

    // Each test starts and ends with Redis serving both the gateway and this test's own connection: a restart is
    // noticed by each connection on its own schedule.
    public async Task InitializeAsync()
    {
        await Probe.CreateAsync(_healthCheck, """{"KeySource":"HEADER"}""");
        await WaitUntilServingAsync();
    }

    public async Task DisposeAsync()
    {
        await WaitUntilServingAsync();
        _fixture.Platform.Output.Detach();
    }

    private async Task WaitUntilServingAsync()
    {
        await WaitAsync(async () => (await _fixture.Records.PingAsync()) >= TimeSpan.Zero);
        var id = IdempotentInvokeTests.Id();
        await WaitAsync(async () => (await Probe.InvokeAsync(_healthCheck, new { Id = id }, key: IdempotentInvokeTests.Id())).Status == 200);
    }

    // After a restart the gateway reconnects within a few seconds; until then the invocation is refused (and not run).
    private async Task<InvokeAnswer> InvokeUntilServedAsync(string name, string id)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (true)
        {
            var answer = await Probe.InvokeAsync(name, new { Id = id }, key: id);
            if (answer.Status != 503)
            {
                return answer;
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    private async Task<List<string>> InProgressRecordsAsync()
    {
        var server = _fixture.Records.Multiplexer.GetServer(_fixture.Redis.ConnectionString);
        var stuck = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: $"{IdempotencyKeys.Prefix}*"))
        {
            if (await _fixture.Records.HashGetAsync(key, "status") == "INPROGRESS")
            {
                stuck.Add(key.ToString());
            }
        }

        return stuck;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // The inspector's own connection is coming back.
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
