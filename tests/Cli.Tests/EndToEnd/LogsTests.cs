using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Faas.Cli.Tests.Common;
using Faas.Cli.Tests.CommandLine;

namespace Faas.Cli.Tests.EndToEnd;

/// <summary><c>faas logs</c> and the function logs API behind it.</summary>
[Collection(FaasUpCollection.Name)]
public sealed class LogsTests(FaasUpFixture fixture) : IAsyncLifetime
{
    // Workers write logs to their files on a short timer; a generous bound only keeps a broken run from hanging.
    private static readonly TimeSpan LogWait = TimeSpan.FromSeconds(30);

    private readonly string _name = EndToEndNames.Unique("logs");
    private readonly string _folder = ShellFunction.Create();

    public async Task InitializeAsync()
    {
        var deploy = await fixture.FaasAsync("deploy", _folder, "--name", _name);
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
    }

    [Fact]
    public async Task Logs_AfterAnInvocation_ShowStartOutputEndAndReport()
    {
        var requestId = await InvokeAsync("first");

        var lines = await WaitForLogsAsync(requestId, "REPORT RequestId: " + requestId);

        var start = Array.FindIndex(lines, l => l == $"START RequestId: {requestId} Version: $LATEST");
        var output = Array.FindIndex(lines, l => l.Contains("""shell function got {"marker":"first"}""", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, l => l == $"END RequestId: {requestId}");
        var report = Array.FindIndex(lines, l => l.StartsWith($"REPORT RequestId: {requestId}\tDuration: ", StringComparison.Ordinal));
        Assert.True(start >= 0 && start < output && output < end && end < report, string.Join('\n', lines));
    }

    [Fact]
    public async Task Logs_Json_OneObjectPerLineWithTimeAndStream()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var requestId = await InvokeAsync("json");
        await WaitForLogsAsync(requestId, "REPORT RequestId: " + requestId);

        var result = await fixture.FaasAsync("logs", _name, "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var events = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var startEvent = Assert.Single(events, e => e.GetProperty("message").GetString() == $"START RequestId: {requestId} Version: $LATEST");
        Assert.InRange(startEvent.GetProperty("timestamp").GetInt64(), before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Matches(@"^\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}$", startEvent.GetProperty("logStreamName").GetString());
        var times = events.Select(e => e.GetProperty("timestamp").GetInt64()).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task Logs_Since_LeavesOutEarlierInvocations()
    {
        var early = await InvokeAsync("early");
        await WaitForLogsAsync(early, "REPORT RequestId: " + early);
        await Task.Delay(1500);
        var since = DateTimeOffset.UtcNow.AddMilliseconds(-500);
        var late = await InvokeAsync("late");
        await WaitForLogsAsync(late, "REPORT RequestId: " + late);

        var result = await fixture.FaasAsync("logs", _name, "--since", since.ToString("O"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"START RequestId: {late}", result.Stdout);
        Assert.DoesNotContain(early, result.Stdout);
    }

    [Fact]
    public async Task Logs_Follow_PrintsNewLinesUntilInterrupted()
    {
        using var follow = Process.Start(CliRunner.StartInfo(["logs", _name, "--follow", "--since", "1s", "--endpoint", fixture.Endpoint.ToString()]))!;
        var output = new StringBuilder();
        follow.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        follow.BeginOutputReadLine();
        try
        {
            await Task.Delay(1000);
            var requestId = await InvokeAsync("followed");
            var deadline = DateTime.UtcNow + LogWait;
            while (!Text().Contains($"REPORT RequestId: {requestId}", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.Contains($"START RequestId: {requestId}", Text());
            Assert.Contains($"REPORT RequestId: {requestId}", Text());
            Assert.Equal(1, Occurrences(Text(), $"START RequestId: {requestId}"));

            using (var interrupt = Process.Start("kill", ["-INT", follow.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            await follow.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, follow.ExitCode);
        }
        finally
        {
            if (!follow.HasExited)
            {
                follow.Kill(entireProcessTree: true);
            }
        }

        string Text()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    [Fact]
    public async Task Logs_UnknownFunction_OneLineNotFound()
    {
        var result = await fixture.FaasAsync("logs", "no-such-function");

        CommandLineErrorTests.AssertOneLineFailure(result, 1, "faas: function 'no-such-function' not found");
    }

    [Fact]
    public async Task LogsApi_PagesOfOne_EveryLineOnceInOrder()
    {
        var requestId = await InvokeAsync("paged");
        await WaitForLogsAsync(requestId, "REPORT RequestId: " + requestId);
        var all = await GetAsync($"faas/2026-01-01/functions/{_name}/logs");
        var expected = all.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()).ToList();

        var paged = new List<string?>();
        string? token = null;
        for (var i = 0; i < expected.Count + 5; i++)
        {
            var page = await GetAsync($"faas/2026-01-01/functions/{_name}/logs?limit=1" + (token is null ? "" : "&nextToken=" + Uri.EscapeDataString(token)));
            var events = page.GetProperty("events");
            if (events.GetArrayLength() == 0)
            {
                break;
            }

            Assert.Equal(1, events.GetArrayLength());
            paged.Add(events[0].GetProperty("message").GetString());
            token = page.GetProperty("nextToken").GetString();
        }

        Assert.Equal(expected, paged);
    }

    [Theory]
    [InlineData("limit=0", "limit must be 1-10000.")]
    [InlineData("since=yesterday", "since must be a Unix time in milliseconds.")]
    [InlineData("nextToken=not-a-token", "nextToken is not a token this service returned.")]
    public async Task LogsApi_BadParameter_InvalidParameterValueException(string query, string message)
    {
        using var response = await fixture.Http.GetAsync(new Uri(fixture.Endpoint, $"faas/2026-01-01/functions/{_name}/logs?{query}"));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("InvalidParameterValueException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(message, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task LogsApi_UnknownFunction_ResourceNotFoundException()
    {
        using var response = await fixture.Http.GetAsync(new Uri(fixture.Endpoint, "faas/2026-01-01/functions/no-such-function/logs"));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("Function not found: no-such-function", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Message").GetString());
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<string> InvokeAsync(string marker)
    {
        var result = await fixture.FaasAsync("invoke", _name, "--payload", $$"""{"marker":"{{marker}}"}""", "--output", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Stdout).RootElement.GetProperty("RequestId").GetString()!;
    }

    private async Task<string[]> WaitForLogsAsync(string requestId, string line)
    {
        var deadline = DateTime.UtcNow + LogWait;
        while (true)
        {
            var result = await fixture.FaasAsync("logs", _name);
            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = result.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            if (lines.Any(l => l.StartsWith(line, StringComparison.Ordinal)) || DateTime.UtcNow > deadline)
            {
                Assert.True(lines.Any(l => l.StartsWith(line, StringComparison.Ordinal)), $"No '{line}' for {requestId} in:\n{result.Stdout}");
                return lines;
            }

            await Task.Delay(250);
        }
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await fixture.Http.GetAsync(new Uri(fixture.Endpoint, path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
