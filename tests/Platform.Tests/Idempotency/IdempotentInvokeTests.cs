using System.Text.Json;
using Faas.Idempotency;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Idempotency;

/// <summary>Idempotent functions invoked through the Invoke API and function URLs, with records in a real Redis.</summary>
[Collection(IdempotencyCollection.Name)]
public sealed class IdempotentInvokeTests : IDisposable
{
    private readonly IdempotencyFixture _fixture;

    public IdempotentInvokeTests(IdempotencyFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _fixture.Platform.Output.Attach(output);
    }

    private IdempotencyProbe Probe => _fixture.Probe;

    [Fact]
    public async Task Invoke_ThousandConcurrentWithOneKey_RunsOnceAndEveryCallerGetsTheSameAnswer()
    {
        var name = Name("storm");
        var id = Id();
        await Probe.CreateAsync(name, """{"KeySource":"HEADER"}""");

        var answers = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Probe.InvokeAsync(name, new { Id = id, SleepMs = 300 }, key: id)));

        Assert.All(answers, answer => Assert.True(answer.Status == 200, answer.ToString()));
        Assert.Single(answers.Select(answer => answer.Body).Distinct());
        Assert.Equal(1, answers[0].Run);
        Assert.Equal(1, Probe.Runs(id));
        Assert.Equal(999, answers.Count(answer => answer.Replayed));
        Assert.All(answers, answer => Assert.True(answer.HasRequestId));
        Assert.Equal(999, await ReplaysAsync(name));
    }

    [Fact]
    public async Task Invoke_AfterAFailedRun_RunsAgainAndThenReplays()
    {
        var name = Name("retry");
        var id = Id();
        await Probe.CreateAsync(name, """{"KeySource":"HEADER"}""");

        var failed = await Probe.InvokeAsync(name, new { Id = id, FailRuns = 1 }, key: id);
        var retried = await Probe.InvokeAsync(name, new { Id = id, FailRuns = 1 }, key: id);
        var duplicate = await Probe.InvokeAsync(name, new { Id = id, FailRuns = 1 }, key: id);

        Assert.Equal(200, failed.Status);
        Assert.Equal("Unhandled", failed.FunctionError);
        Assert.Contains("fails as asked", failed.Body, StringComparison.Ordinal);
        Assert.Equal(200, retried.Status);
        Assert.Null(retried.FunctionError);
        Assert.Equal(2, retried.Run);
        Assert.True(duplicate.Replayed);
        Assert.Equal(retried.Body, duplicate.Body);
        Assert.Equal(2, Probe.Runs(id));
    }

    [Fact]
    public async Task Invoke_AfterTheRecordsLifetime_RunsAgain()
    {
        var name = Name("expiry");
        var id = Id();
        await Probe.CreateAsync(name, """{"KeySource":"HEADER","ExpiresAfterSeconds":2}""");

        var first = await Probe.InvokeAsync(name, new { Id = id }, key: id);
        var duplicate = await Probe.InvokeAsync(name, new { Id = id }, key: id);
        var ttl = await _fixture.Records.KeyTimeToLiveAsync(IdempotencyKeys.For(name, id));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var afterExpiry = await Probe.InvokeAsync(name, new { Id = id }, key: id);

        Assert.Equal(1, first.Run);
        Assert.True(duplicate.Replayed);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));
        Assert.False(afterExpiry.Replayed);
        Assert.Equal(2, afterExpiry.Run);
        Assert.Equal(2, Probe.Runs(id));
    }

    [Fact]
    public async Task Invoke_SameKeyOtherPayload_IsRefusedWithValidationAndReplayedWithout()
    {
        var validated = Name("validated");
        var lenient = Name("lenient");
        var id = Id();
        var other = Id();
        await Probe.CreateAsync(validated, """{"KeySource":"HEADER","PayloadValidation":true}""");
        await Probe.CreateAsync(lenient, """{"KeySource":"HEADER"}""");

        var first = await Probe.InvokeAsync(validated, new { Id = id, Note = "a" }, key: "k");
        var mismatch = await Probe.InvokeAsync(validated, new { Id = id, Note = "b" }, key: "k");
        var same = await Probe.InvokeAsync(validated, new { Id = id, Note = "a" }, key: "k");
        var lenientFirst = await Probe.InvokeAsync(lenient, new { Id = other, Note = "a" }, key: "k");
        var lenientOther = await Probe.InvokeAsync(lenient, new { Id = other, Note = "b" }, key: "k");

        Assert.Equal(200, first.Status);
        Assert.Equal(400, mismatch.Status);
        Assert.Equal("IdempotencyValidationException", mismatch.ErrorType);
        Assert.True(mismatch.HasRequestId);
        Assert.True(same.Replayed);
        Assert.Equal(1, Probe.Runs(id));
        Assert.True(lenientOther.Replayed);
        Assert.Equal(lenientFirst.Body, lenientOther.Body);
        Assert.Equal(1, Probe.Runs(other));
    }

    [Fact]
    public async Task Invoke_EventKeyPath_DeduplicatesOnTheSelectedValueOnly()
    {
        var name = Name("path");
        var required = Name("required");
        var id = Id();
        var unkeyed = Id();
        await Probe.CreateAsync(name, """{"KeySource":"EVENT","EventKeyPath":"order.id"}""");
        await Probe.CreateAsync(required, """{"KeySource":"EVENT","EventKeyPath":"order.id","KeyRequired":true}""");

        var first = await Probe.InvokeAsync(name, new { Id = id, Note = "a", order = new { id = 42 } });
        var sameOrder = await Probe.InvokeAsync(name, new { Id = id, Note = "b", order = new { id = 42 } });
        var otherOrder = await Probe.InvokeAsync(name, new { Id = id, order = new { id = 43 } });
        var noKey1 = await Probe.InvokeAsync(name, new { Id = unkeyed });
        var noKey2 = await Probe.InvokeAsync(name, new { Id = unkeyed });
        var refused = await Probe.InvokeAsync(required, new { Id = unkeyed });

        Assert.Equal(1, first.Run);
        Assert.True(sameOrder.Replayed);
        Assert.Equal(first.Body, sameOrder.Body);
        Assert.Equal(2, otherOrder.Run);
        Assert.Equal(2, Probe.Runs(id));
        Assert.False(noKey1.Replayed || noKey2.Replayed);
        Assert.Equal(400, refused.Status);
        Assert.Equal("IdempotencyKeyException", refused.ErrorType);
        Assert.Equal(2, Probe.Runs(unkeyed));
    }

    [Fact]
    public async Task FunctionUrl_DuplicateWithTheSameHeader_IsAnsweredFromTheRecord()
    {
        var name = Name("url");
        var id = Id();
        await Probe.CreateAsync(name, """{"KeySource":"HEADER","PayloadValidation":true}""", IdempotencyProbe.UrlHandler);
        using var created = await Probe.SendAsync(HttpMethod.Post, $"/2021-10-31/functions/{name}/url", """{"AuthType":"NONE"}""");
        var url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("FunctionUrl").GetString()!;

        var first = await PostAsync(url, id, $$"""{"Id":"{{id}}"}""");
        var duplicate = await PostAsync(url, id, $$"""{"Id":"{{id}}"}""");
        var otherBody = await PostAsync(url, id, $$"""{"Id":"{{id}}","Note":"changed"}""");

        Assert.Equal(201, first.Status);
        Assert.Equal(201, duplicate.Status);
        Assert.Equal(first.Body, duplicate.Body);
        Assert.False(first.Replayed);
        Assert.True(duplicate.Replayed);
        Assert.False(otherBody.Replayed);
        Assert.Equal(400, otherBody.Status);
        Assert.Equal("IdempotencyValidationException", otherBody.ErrorType);
        Assert.Equal(1, Probe.Runs(id));
    }

    [Fact]
    public async Task Invoke_DuplicateWhileTheFirstRuns_WaitsForItsAnswerOrGivesUpAfterItsBound()
    {
        var waits = Name("waits");
        var impatient = Name("impatient");
        var id = Id();
        var other = Id();
        await Probe.CreateAsync(waits, """{"KeySource":"HEADER"}""");
        await Probe.CreateAsync(impatient, """{"KeySource":"HEADER","InProgressWaitSeconds":0}""");

        var firstRun = Probe.InvokeAsync(waits, new { Id = id, SleepMs = 1500 }, key: id);
        await WaitForRunAsync(id);
        var duplicate = await Probe.InvokeAsync(waits, new { Id = id, SleepMs = 1500 }, key: id);
        var slowRun = Probe.InvokeAsync(impatient, new { Id = other, SleepMs = 1500 }, key: other);
        await WaitForRunAsync(other);
        var refused = await Probe.InvokeAsync(impatient, new { Id = other, SleepMs = 1500 }, key: other);
        await slowRun;

        Assert.Equal((await firstRun).Body, duplicate.Body);
        Assert.True(duplicate.Replayed);
        Assert.Equal(409, refused.Status);
        Assert.Equal("IdempotencyAlreadyInProgressException", refused.ErrorType);
        Assert.Equal(1, Probe.Runs(id));
        Assert.Equal(1, Probe.Runs(other));
    }

    [Fact]
    public async Task DeleteFunction_ThenSameName_StartsWithoutTheOldRecords()
    {
        var name = Name("recreate");
        var id = Id();
        await Probe.CreateAsync(name, """{"KeySource":"HEADER"}""");
        var before = await Probe.InvokeAsync(name, new { Id = id }, key: id);

        using (var deleted = await Probe.SendAsync(HttpMethod.Delete, $"/2015-03-31/functions/{name}"))
        {
            Assert.Equal(204, (int)deleted.StatusCode);
        }

        var recordAfterDelete = await _fixture.Records.KeyExistsAsync(IdempotencyKeys.For(name, id));
        await Probe.CreateAsync(name, """{"KeySource":"HEADER"}""");
        var after = await Probe.InvokeAsync(name, new { Id = id }, key: id);

        Assert.Equal(1, before.Run);
        Assert.False(recordAfterDelete);
        Assert.False(after.Replayed);
        Assert.Equal(2, after.Run);
    }

    public void Dispose()
    {
        _fixture.Platform.Output.Detach();
        GC.SuppressFinalize(this);
    }

    internal static string Name(string prefix) => $"idem-{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 18, 64)];

    internal static string Id() => Guid.NewGuid().ToString("N");

    // The probe counts a run as it starts: a second caller sent after this is a duplicate of a run in progress.
    private async Task WaitForRunAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Probe.Runs(id) == 0)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private async Task<InvokeAnswer> PostAsync(string url, string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await Probe.Http.SendAsync(request);
        return await InvokeAnswer.ReadAsync(response);
    }

    /// <summary>The gateway's <c>faas_idempotent_replays_total</c> for a function, once it shows (the exporter caches a scrape briefly).</summary>
    private async Task<double> ReplaysAsync(string functionName)
    {
        var platform = _fixture.Platform;
        for (var attempt = 0; ; attempt++)
        {
            var text = await platform.Http.GetStringAsync(new Uri(platform.GatewayUri, "/metrics"));
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("faas_idempotent_replays_total{", StringComparison.Ordinal) && l.Contains($"function_name=\"{functionName}\"", StringComparison.Ordinal));
            if (line is not null || attempt == 40)
            {
                return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }

            await Task.Delay(250);
        }
    }
}
