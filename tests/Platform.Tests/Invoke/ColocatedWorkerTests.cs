using System.Net;
using System.Text;
using System.Text.Json;
using Faas.Cli.Up;
using Faas.Platform.Tests.Common;
using Faas.Testing;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Invoke;

/// <summary>
/// A gateway hands invocations to the worker in its own process (<c>faas up</c>'s composition) or over the worker's
/// loopback HTTP listener (as across nodes): callers must not be able to tell which. The same invocations against two
/// platforms, one of each, must answer alike.
/// </summary>
public sealed class ColocatedWorkerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Echo = "HandlerShapes::HandlerShapes.Functions::Echo";
    private const string Throw = "HandlerShapes::HandlerShapes.Functions::Throw";
    private const string Log = "HandlerShapes::HandlerShapes.Functions::Log";
    private const string Facts = "HandlerShapes::HandlerShapes.Functions::Facts";

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faas-colocated-{Guid.NewGuid():N}");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(90) };
    private readonly TestOutputLoggerProvider _logs = OwnPlatform.Logs(output);
    private LocalPlatform _inProcess = null!;
    private LocalPlatform _overHttp = null!;
    private byte[] _zip = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _zip = OwnPlatform.HandlerShapesZip(_root);
        _inProcess = await OwnPlatform.StartAsync(Options("in-process", inProcess: true), _logs);
        _overHttp = await OwnPlatform.StartAsync(Options("over-http", inProcess: false), _logs);
    }

    public async Task DisposeAsync()
    {
        await _inProcess.DisposeAsync();
        await _overHttp.DisposeAsync();
        _http.Dispose();
        _logs.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Invoke_Success_AnswersAlikeInProcessAndOverHttp()
    {
        var (inProcess, overHttp) = await BothAsync("echo", Echo, """{"Message":"colocated","Number":3}""");

        foreach (var answer in new[] { inProcess, overHttp })
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            using var echoed = JsonDocument.Parse(answer.Body);
            Assert.Equal("colocated", echoed.RootElement.GetProperty("Message").GetString());
            Assert.Equal(3, echoed.RootElement.GetProperty("Number").GetInt32());
            Assert.Equal("$LATEST", answer.Header("X-Amz-Executed-Version"));
            Assert.Null(answer.Header("X-Amz-Function-Error"));
        }

        Assert.Equal(inProcess.Body, overHttp.Body);
        Assert.Equal(inProcess.ContentType, overHttp.ContentType);
    }

    [Fact]
    public async Task Invoke_FunctionThrows_AnswersAlikeInProcessAndOverHttp()
    {
        var (inProcess, overHttp) = await BothAsync("throw", Throw, """{"Message":"boom"}""");

        foreach (var answer in new[] { inProcess, overHttp })
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal("Unhandled", answer.Header("X-Amz-Function-Error"));
            using var error = JsonDocument.Parse(answer.Body);
            Assert.Equal("InvalidOperationException", error.RootElement.GetProperty("errorType").GetString());
        }

        using var a = JsonDocument.Parse(inProcess.Body);
        using var b = JsonDocument.Parse(overHttp.Body);
        Assert.Equal(a.RootElement.GetProperty("errorMessage").GetString(), b.RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Invoke_LogTailAndContext_ReachTheFunctionAlikeInProcessAndOverHttp()
    {
        var (inProcess, overHttp) = await BothAsync("log", Log, """{"Marker":"colocated-marker"}""", tail: true);
        foreach (var answer in new[] { inProcess, overHttp })
        {
            var tail = Encoding.UTF8.GetString(Convert.FromBase64String(answer.Header("X-Amz-Log-Result")!));
            Assert.Contains("colocated-marker via Console", tail, StringComparison.Ordinal);
            Assert.Contains($"START RequestId: {answer.Header("x-amzn-RequestId")}", tail, StringComparison.Ordinal);
        }

        var clientContext = Convert.ToBase64String("""{"custom":{"team":"payments"}}"""u8);
        var (factsInProcess, factsOverHttp) = await BothAsync("facts", Facts, "{}", clientContext: clientContext);
        foreach (var (answer, platform) in new[] { (factsInProcess, "in-process"), (factsOverHttp, "over-http") })
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            using var facts = JsonDocument.Parse(answer.Body);
            Assert.Equal(answer.Header("x-amzn-RequestId"), facts.RootElement.GetProperty("AwsRequestId").GetString());
            Assert.EndsWith($":function:{platform}-facts", facts.RootElement.GetProperty("InvokedFunctionArn").GetString(), StringComparison.Ordinal);
            Assert.Equal("payments", facts.RootElement.GetProperty("ClientContextCustom").GetProperty("team").GetString());
        }
    }

    [Fact]
    public async Task Invoke_BadClientContext_IsRefusedAlikeInProcessAndOverHttp()
    {
        var (inProcess, overHttp) = await BothAsync("bad-context", Echo, """{"Message":"x"}""", clientContext: "not base64 json!");

        Assert.Equal(HttpStatusCode.BadRequest, inProcess.Status);
        Assert.Equal(inProcess.Status, overHttp.Status);
        Assert.Equal("InvalidRequestContentException", inProcess.Header("x-amzn-ErrorType"));
        Assert.Equal(inProcess.Header("x-amzn-ErrorType"), overHttp.Header("x-amzn-ErrorType"));
        Assert.Equal(inProcess.Body, overHttp.Body);
    }

    private LocalPlatformOptions Options(string name, bool inProcess) => new()
    {
        Port = 0,
        DataDirectory = Path.Combine(_root, name),
        InProcessWorkerCalls = inProcess,
        ConfigureWorker = worker =>
        {
            worker.Environments.StemCells = 1;
            worker.Environments.MaxEnvironments = 8;
        },
    };

    private async Task<(Answer InProcess, Answer OverHttp)> BothAsync(string suffix, string handler, string payload, bool tail = false, string? clientContext = null)
    {
        var inProcess = await DeployAndInvokeAsync(_inProcess, $"in-process-{suffix}", handler, payload, tail, clientContext);
        var overHttp = await DeployAndInvokeAsync(_overHttp, $"over-http-{suffix}", handler, payload, tail, clientContext);
        return (inProcess, overHttp);
    }

    private async Task<Answer> DeployAndInvokeAsync(LocalPlatform platform, string name, string handler, string payload, bool tail, string? clientContext)
    {
        await _http.CreateFunctionAsync(platform, name, handler, _zip);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(platform.GatewayUri, $"2015-03-31/functions/{name}/invocations"))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        if (tail)
        {
            request.Headers.Add("X-Amz-Log-Type", "Tail");
        }

        if (clientContext is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Client-Context", clientContext);
        }

        using var response = await _http.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(static h => h.Key, static h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString(), headers);
    }

    private sealed record Answer(HttpStatusCode Status, string Body, string? ContentType, Dictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
