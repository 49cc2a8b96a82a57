using System.Text.Json;

namespace Faas.Sdk.Host.Tests.EndToEnd;

/// <summary>Starts the real host process against a real Runtime API on loopback, with this test assembly as the handler assembly.</summary>
[Trait("Category", "EndToEnd")]
public class HostProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Invoke_PocoHandler_PostsSerializedResponse()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        using var host = HostProcess.Start(api.Address, Environment(nameof(TestHandlers.StaticHandlers.EchoWithContext)));

        var first = await api.InvokeAsync("id-1", "\"hello\"").WaitAsync(Timeout);
        var second = await api.InvokeAsync("id-2", "\"again\"").WaitAsync(Timeout);

        Assert.Equal(new TestOutcome("response", "\"hello|id-1\"", "", null), first);
        Assert.Equal("\"again|id-2\"", second.Body);
    }

    [Fact]
    public async Task Invoke_HandlerThrows_PostsLambdaErrorBody()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        using var host = HostProcess.Start(api.Address, Environment(nameof(TestHandlers.StaticHandlers.Throw)));

        var outcome = await api.InvokeAsync("id-err", "\"x\"").WaitAsync(Timeout);

        Assert.Equal("error", outcome.Kind);
        Assert.Equal("InvalidOperationException", outcome.ErrorTypeHeader);
        Assert.Equal("application/vnd.aws.lambda.error+json", outcome.ContentType);
        using var json = JsonDocument.Parse(outcome.Body);
        var root = json.RootElement;
        Assert.Equal("InvalidOperationException", root.GetProperty("errorType").GetString());
        Assert.Equal("boom: x", root.GetProperty("errorMessage").GetString());
        Assert.Contains("StaticHandlers.Throw", root.GetProperty("stackTrace")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("ArgumentException", root.GetProperty("cause").GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task Invoke_InvalidJsonForPoco_PostsSerializerError()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        using var host = HostProcess.Start(api.Address, Environment(nameof(TestHandlers.StaticHandlers.GreetAsync)));

        var bad = await api.InvokeAsync("id-bad", "{not json").WaitAsync(Timeout);
        var good = await api.InvokeAsync("id-good", "{\"name\":\"Ada\"}").WaitAsync(Timeout);

        Assert.Equal("error", bad.Kind);
        Assert.Contains("Exception", bad.ErrorTypeHeader, StringComparison.Ordinal);
        Assert.Equal("{\"message\":\"Hello Ada\"}", good.Body);
    }

    [Fact]
    public async Task Start_MissingMethod_PostsInitErrorAndExitsWithOne()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        using var host = HostProcess.Start(api.Address, Environment("NoSuchMethod"));

        var outcome = await api.InitError.WaitAsync(Timeout);
        var exitCode = await host.WaitForExitAsync(Timeout);

        Assert.Equal("Runtime.HandlerNotFound", outcome.ErrorTypeHeader);
        using var json = JsonDocument.Parse(outcome.Body);
        Assert.Equal("Runtime.HandlerNotFound", json.RootElement.GetProperty("errorType").GetString());
        Assert.Equal(
            "Unable to find method 'NoSuchMethod' in type 'Faas.Sdk.Host.Tests.TestHandlers.StaticHandlers'.",
            json.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task Start_MissingAssembly_PostsHandlerNotFound()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        var environment = Environment("Echo");
        environment["_HANDLER"] = "NoSuchAssembly::N.T::M";
        using var host = HostProcess.Start(api.Address, environment);

        var outcome = await api.InitError.WaitAsync(Timeout);

        Assert.Equal("Runtime.HandlerNotFound", outcome.ErrorTypeHeader);
        Assert.StartsWith("Unable to load assembly 'NoSuchAssembly'.", JsonDocument.Parse(outcome.Body).RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StemCell_Specialized_RunsTheFunction()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        using var host = HostProcess.Start(api.Address, new Dictionary<string, string?> { ["FAAS_STEM_CELL"] = "1" });

        api.Specialize(new Dictionary<string, string>
        {
            ["_HANDLER"] = HostProcess.StaticHandler(nameof(TestHandlers.StaticHandlers.StreamEchoAsync)),
            ["LAMBDA_TASK_ROOT"] = HostProcess.TaskRoot,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "specialized-fn",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
        });
        var outcome = await api.InvokeAsync("id-stem", "raw-bytes").WaitAsync(Timeout);

        Assert.Equal(new TestOutcome("response", "raw-bytes|specialized-fn", "", null) { Chunked = true }, outcome);
    }

    [Fact]
    public async Task StemCell_Released_ExitsWithZero()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        using var host = HostProcess.Start(api.Address, new Dictionary<string, string?> { ["FAAS_STEM_CELL"] = "1" });

        api.Specialize(null);
        var exitCode = await host.WaitForExitAsync(Timeout);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Invoke_HandlerLogs_LinesCarryRequestIdAndLevel()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        using var host = HostProcess.Start(api.Address, Environment(nameof(TestHandlers.StaticHandlers.Logs)));

        await api.InvokeAsync("id-log", "\"x\"").WaitAsync(Timeout);

        await host.WaitForLineAsync(l => l.EndsWith("\tid-log\tinfo\tconsole x", StringComparison.Ordinal), Timeout);
        await host.WaitForLineAsync(l => l.EndsWith("\tid-log\tinfo\tlogger x", StringComparison.Ordinal), Timeout);
        await host.WaitForLineAsync(l => l.EndsWith("\tid-log\twarn\twarning x", StringComparison.Ordinal), Timeout);
        await host.WaitForLineAsync(l => l.EndsWith("\tid-log\tinfo\tstatic x", StringComparison.Ordinal), Timeout);
        var error = await host.WaitForLineAsync(l => l.EndsWith("\tid-log\tfail\tstderr x", StringComparison.Ordinal), Timeout);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\t", error);
    }

    [Fact]
    public async Task Next_RuntimeApiAnswers500_HostExits()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        api.FailNext = true;
        using var host = HostProcess.Start(api.Address, Environment(nameof(TestHandlers.StaticHandlers.Echo)));

        var exitCode = await host.WaitForExitAsync(Timeout);

        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task Invoke_HandlerReturnsNonMemoryStream_BodyArrivesChunkedAndIntact()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        using var host = HostProcess.Start(api.Address, Environment(nameof(TestHandlers.StaticHandlers.Pattern)));

        var first = await api.InvokeAsync("id-stream-1", "\"0123456789abcdef\"").WaitAsync(Timeout);
        var second = await api.InvokeAsync("id-stream-2", "\"xyz\"").WaitAsync(Timeout);

        Assert.Equal("response", first.Kind);
        Assert.True(first.Chunked);
        Assert.Equal(Pattern("0123456789abcdef"), first.Body);
        Assert.Equal(Pattern("xyz"), second.Body);
    }

    [Fact]
    public async Task Next_ChunkedAnswer_EventArrivesIntact()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        api.ChunkedNext = true;
        using var host = HostProcess.Start(api.Address, Environment(nameof(TestHandlers.StaticHandlers.Echo)));
        var large = "\"" + new string('a', 40_000) + "b\"";

        var first = await api.InvokeAsync("id-chunked-1", large).WaitAsync(Timeout);
        var second = await api.InvokeAsync("id-chunked-2", "\"small\"").WaitAsync(Timeout);

        Assert.Equal(large, first.Body);
        Assert.Equal("\"small\"", second.Body);
    }

    [Fact]
    public async Task Next_ServerClosesConnectionAfterEachAnswer_HostReconnects()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        api.CloseAfterAnswer = true;
        using var host = HostProcess.Start(api.Address, Environment(nameof(TestHandlers.StaticHandlers.Echo)));

        var outcomes = new List<TestOutcome>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add(await api.InvokeAsync("id-close-" + i, "\"n" + i + "\"").WaitAsync(Timeout));
        }

        Assert.Equal(["\"n0\"", "\"n1\"", "\"n2\""], outcomes.Select(o => o.Body));
        Assert.False(host.HasExited);

        // next, response, next, response, next, response: one connection each.
        Assert.True(api.ConnectionCount >= 6, "connections: " + api.ConnectionCount);
    }

    [Fact]
    public async Task Next_ServerClosesConnection_HostExitsWithOne()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        api.DropNext = true;
        using var host = HostProcess.Start(api.Address, Environment(nameof(TestHandlers.StaticHandlers.Echo)));

        var exitCode = await host.WaitForExitAsync(Timeout);

        Assert.Equal(1, exitCode);
        Assert.Contains(host.Lines, l => l.Contains("The connection to the Runtime API was lost (next)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_OverUnixSocket_RunsTheFunction()
    {
        // Nothing listens on the TCP address: the answers can only have come over the socket.
        var deadAddress = DeadTcpAddress();
        await using var api = await TestRuntimeApi.StartAsync(SocketPath());
        var environment = Environment(nameof(TestHandlers.StaticHandlers.EchoWithContext));
        environment["FAAS_RUNTIME_API_SOCKET"] = api.SocketPath;
        using var host = HostProcess.Start(deadAddress, environment);

        var first = await api.InvokeAsync("id-unix-1", "\"hello\"").WaitAsync(Timeout);
        var second = await api.InvokeAsync("id-unix-2", "\"again\"").WaitAsync(Timeout);

        Assert.Equal(new TestOutcome("response", "\"hello|id-unix-1\"", "", null), first);
        Assert.Equal("\"again|id-unix-2\"", second.Body);
        Assert.NotEmpty(api.HostHeaders);
        Assert.All(api.HostHeaders, h => Assert.Equal(deadAddress, h));
        Assert.False(host.HasExited);
    }

    [Fact]
    public async Task StemCell_SpecializedOverUnixSocket_RunsTheFunction()
    {
        var deadAddress = DeadTcpAddress();
        await using var api = await TestRuntimeApi.StartAsync(SocketPath());
        using var host = HostProcess.Start(deadAddress, new Dictionary<string, string?>
        {
            ["FAAS_STEM_CELL"] = "1",
            ["FAAS_RUNTIME_API_SOCKET"] = api.SocketPath,
        });

        // The specialize map repeats both Runtime API variables, as the worker's does.
        api.Specialize(new Dictionary<string, string>
        {
            ["_HANDLER"] = HostProcess.StaticHandler(nameof(TestHandlers.StaticHandlers.StreamEchoAsync)),
            ["LAMBDA_TASK_ROOT"] = HostProcess.TaskRoot,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "specialized-fn",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
            ["AWS_LAMBDA_RUNTIME_API"] = deadAddress,
            ["FAAS_RUNTIME_API_SOCKET"] = api.SocketPath!,
        });
        var outcome = await api.InvokeAsync("id-stem-unix", "raw-bytes").WaitAsync(Timeout);

        Assert.Equal(new TestOutcome("response", "raw-bytes|specialized-fn", "", null) { Chunked = true }, outcome);
        Assert.All(api.HostHeaders, h => Assert.Equal(deadAddress, h));

        // The warm-up ran on a temporary Unix socket of its own and removed it.
        Assert.False(File.Exists(Faas.Host.StemCells.Warmup.UnixSocketPath(host.Id)));
    }

    [Fact]
    public async Task Start_UnixSocketMissing_ExitsWithOne()
    {
        await using var api = await TestRuntimeApi.StartAsync();
        var missing = SocketPath();
        var environment = Environment(nameof(TestHandlers.StaticHandlers.Echo));
        environment["FAAS_RUNTIME_API_SOCKET"] = missing;

        // A TCP Runtime API is there, but an unreachable socket is not a reason to fall back to it.
        using var host = HostProcess.Start(api.Address, environment);
        var exitCode = await host.WaitForExitAsync(Timeout);

        Assert.Equal(1, exitCode);
        Assert.Contains(host.Lines, l => l.Contains("connect to unix:" + missing, StringComparison.Ordinal));
        Assert.Equal(0, api.ConnectionCount);
    }

    [Fact]
    public async Task Start_UnixSocketPathTooLong_ExitsWithOneNamingTheLimit()
    {
        var environment = Environment(nameof(TestHandlers.StaticHandlers.Echo));
        environment["FAAS_RUNTIME_API_SOCKET"] = "/tmp/" + new string('s', 200);
        using var host = HostProcess.Start(DeadTcpAddress(), environment);

        var exitCode = await host.WaitForExitAsync(Timeout);

        Assert.Equal(1, exitCode);
        Assert.Contains(host.Lines, l => l.Contains("a Unix socket path holds at most 107 bytes", StringComparison.Ordinal));
    }

    private static string SocketPath() => "/tmp/faas-e2e-" + Guid.NewGuid().ToString("N")[..16] + ".sock";

    // A loopback port that was free a moment ago: connecting to it is refused.
    private static string DeadTcpAddress()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Pattern(string text)
        => System.Text.Encoding.UTF8.GetString(
            TestHandlers.PatternStream.Expected(System.Text.Encoding.UTF8.GetBytes(text), TestHandlers.StaticHandlers.PatternLength));

    private static Dictionary<string, string?> Environment(string method) => new()
    {
        ["_HANDLER"] = HostProcess.StaticHandler(method),
        ["LAMBDA_TASK_ROOT"] = HostProcess.TaskRoot,
        ["AWS_LAMBDA_FUNCTION_NAME"] = "fn",
        ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
    };
}
