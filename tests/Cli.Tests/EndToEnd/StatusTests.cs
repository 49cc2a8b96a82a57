using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Faas.Cli.Tests.Common;

namespace Faas.Cli.Tests.EndToEnd;

/// <summary><c>faas status</c> against <c>faas up</c>: the async-invocation topics are scaled on lag from the start.</summary>
[Collection(FaasUpCollection.Name)]
public sealed class StatusTests(FaasUpFixture fixture)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Status_Text_ShowsTheAsyncInvocationTopics()
    {
        var result = await WaitForAsync(static r => r.Stdout.Contains("async-invocations", StringComparison.Ordinal), "status");

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^TARGET\s+FUNCTION\s+TOPICS\s+PARTITIONS\s+LAG\s+POLLERS \(DESIRED/ACTUAL\)\s+ENVIRONMENTS\s+LAST DECISION$", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^async-invocations\s+\(async: all\)\s+faas-async-invocations,faas-async-retries\s+\d+\s+\d+\s+\d+/1\s+0\s+lag "));
    }

    [Fact]
    public async Task Status_Json_AsyncEventsQueued_LagMeasuredThenWorkedOff()
    {
        // Queue events for the example function: the dispatcher runs them and commits, so the lag goes back to 0.
        for (var i = 0; i < 5; i++)
        {
            using var content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Endpoint, "2015-03-31/functions/hello/invocations")) { Content = content };
            request.Headers.Add("X-Amz-Invocation-Type", "Event");
            using var response = await fixture.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var result = await WaitForAsync(r => AsyncTarget(r) is { } t && t.GetProperty("TotalLag").GetInt64() == 0
            && t.GetProperty("Partitions").EnumerateArray().Sum(p => p.GetProperty("HighWatermark").GetInt64()) >= 5, "status", "--output", "json");

        var target = AsyncTarget(result)!.Value;
        Assert.Equal("AsyncInvocation", target.GetProperty("Kind").GetString());
        Assert.Equal("faas-async-dispatcher", target.GetProperty("ConsumerGroup").GetString());
        Assert.Equal(0, target.GetProperty("DesiredEnvironments").GetInt32());
    }

    private static JsonElement? AsyncTarget(CliResult result)
    {
        if (result.ExitCode != 0)
        {
            return null;
        }

        var targets = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("Targets").EnumerateArray();
        return targets.Where(static t => t.GetProperty("TargetId").GetString() == "async-invocations").Select(static t => (JsonElement?)t.Clone()).FirstOrDefault();
    }

    // The gateway registers the async topics and reports its dispatcher once it has started: ask until it shows.
    private async Task<CliResult> WaitForAsync(Func<CliResult, bool> done, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var result = await fixture.FaasAsync(args);
            Assert.True(result.ExitCode == 0, result.ToString());
            if (done(result))
            {
                return result;
            }

            Assert.True(clock.Elapsed < WaitTimeout, $"faas status never showed what was expected; last:\n{result}");
            await Task.Delay(500);
        }
    }
}
