using System.Net;
using System.Text;
using Faas.Worker.Control;
using Faas.Worker.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.Invocations;

/// <summary>The invoke endpoint answers as Lambda's Invoke API does: headers, log tail, function and API errors, size limits.</summary>
public sealed class InvokeEndpointTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    private const string TraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    [Fact]
    public async Task InvokeAsync_Success_CarriesRequestIdAndExecutedVersion()
    {
        await using var environment = await StartAsync("Functions::Facts");

        var result = await environment.InvokeAsync("{}", cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(result);
        var facts = result.ReadJson<ContextFacts>();
        Assert.False(string.IsNullOrEmpty(result.RequestId));
        Assert.Equal(result.RequestId, facts.AwsRequestId);
        Assert.Equal("$LATEST", result.ExecutedVersion);
    }

    [Fact]
    public async Task InvokeAsync_ContextAndEnvironment_MatchFunctionConfiguration()
    {
        var spec = Spec("Functions::Facts").WithMemory(256).WithTimeout(3).WithEnvironment("GREETING", "hej").Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);
        var clientContext = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"custom":{"tenant":"acme"},"env":{},"client":{}}"""));

        var result = await environment.InvokeAsync(
            """{"VariableName":"GREETING"}""",
            new InvokeOptions { TraceId = TraceHeader, ClientContext = clientContext },
            TestTimeout);

        InvokeAssert.Succeeded(result);
        var facts = result.ReadJson<ContextFacts>();
        Output.WriteLine(result.BodyText);
        Assert.Equal(spec.FunctionName, facts.FunctionName);
        Assert.Equal("$LATEST", facts.FunctionVersion);
        Assert.StartsWith("arn:aws:lambda:", facts.InvokedFunctionArn, StringComparison.Ordinal);
        Assert.Contains($":function:{spec.FunctionName}", facts.InvokedFunctionArn, StringComparison.Ordinal);
        Assert.Equal(256, facts.MemoryLimitInMB);
        Assert.InRange(facts.RemainingTimeMs, 1, 3000);
        Assert.Equal($"/aws/lambda/{spec.FunctionName}", facts.LogGroupName);
        Assert.False(string.IsNullOrEmpty(facts.LogStreamName));
        Assert.Equal(TraceHeader, facts.TraceId);
        Assert.Equal("acme", facts.ClientContextCustom?["tenant"]);
        Assert.False(string.IsNullOrEmpty(facts.Region));
        Assert.Equal("hej", facts.UserVariable);
        Assert.False(string.IsNullOrEmpty(facts.TaskRoot));
        Assert.Equal(Path.TrimEndingDirectorySeparator(facts.TaskRoot), Path.TrimEndingDirectorySeparator(facts.CurrentDirectory!));
        Assert.True(File.Exists(Path.Combine(facts.TaskRoot, "HandlerShapes.dll")), $"The task root {facts.TaskRoot} does not hold the zip's files.");
        Assert.False(string.IsNullOrEmpty(facts.TmpDir));
        Assert.True(facts.CanWriteTmpDir, "TMPDIR must be writable, as /tmp is in Lambda.");
        // Lambda's /var/task is read-only: folders are read-only and, under a root worker, functions run as 'nobody'.
        Assert.False(facts.CanWriteTaskRoot, $"The task root {facts.TaskRoot} must be read-only to the function.");
    }

    [Fact]
    public async Task InvokeAsync_TailRequested_ReturnsFunctionLogsBetweenStartAndReport()
    {
        var marker = $"marker-{Guid.NewGuid():N}";
        await using var environment = await StartAsync("Functions::Log");

        var first = await environment.InvokeAsync($$"""{"Marker":"{{marker}}"}""", InvokeOptions.WithTail, TestTimeout);
        var second = await environment.InvokeAsync($$"""{"Marker":"{{marker}}"}""", InvokeOptions.WithTail, TestTimeout);

        InvokeAssert.Succeeded(first);
        var log = first.LogTail;
        Assert.NotNull(log);
        Output.WriteLine(log);
        Assert.Contains($"START RequestId: {first.RequestId}", log, StringComparison.Ordinal);
        Assert.Contains($"{marker} via ILambdaContext.Logger", log, StringComparison.Ordinal);
        Assert.Contains($"{marker} via LambdaLogger", log, StringComparison.Ordinal);
        Assert.Contains($"{marker} via Console", log, StringComparison.Ordinal);
        Assert.Contains($"END RequestId: {first.RequestId}", log, StringComparison.Ordinal);
        Assert.Contains($"REPORT RequestId: {first.RequestId}", log, StringComparison.Ordinal);
        Assert.True(
            log.IndexOf("START RequestId", StringComparison.Ordinal) < log.IndexOf(marker, StringComparison.Ordinal)
            && log.IndexOf(marker, StringComparison.Ordinal) < log.IndexOf("REPORT RequestId", StringComparison.Ordinal),
            "Function lines must sit between START and REPORT.");
        Assert.Contains("Init Duration", log, StringComparison.Ordinal);
        InvokeAssert.Succeeded(second);
        Assert.Contains($"REPORT RequestId: {second.RequestId}", second.LogTail, StringComparison.Ordinal);
        Assert.DoesNotContain("Init Duration", second.LogTail, StringComparison.Ordinal);
        Assert.DoesNotContain(first.RequestId!, second.LogTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_TailNotRequested_HasNoLogResult()
    {
        await using var environment = await StartAsync("Functions::Log");

        var result = await environment.InvokeAsync("""{"Marker":"quiet"}""", cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(result);
        Assert.Null(result.Header("X-Amz-Log-Result"));
    }

    [Fact]
    public async Task InvokeAsync_HandlerThrows_ReturnsUnhandledWithExceptionDetails()
    {
        await using var environment = await StartAsync("Functions::Throw");

        var result = await environment.InvokeAsync("""{"Message":"kaboom"}""", InvokeOptions.WithTail, TestTimeout);

        var error = InvokeAssert.FunctionError(result);
        Assert.Equal("InvalidOperationException", error.ErrorType);
        Assert.Equal("outer kaboom", error.ErrorMessage);
        Assert.NotEmpty(error.StackTrace);
        Assert.Equal("ArgumentException", error.Cause?.ErrorType);
        Assert.Equal("inner kaboom", error.Cause?.ErrorMessage);
        Assert.False(string.IsNullOrEmpty(result.RequestId));
        Assert.Contains("outer kaboom", result.LogTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ResultNotSerializable_ReturnsUnhandledAndEnvironmentSurvives()
    {
        await using var environment = await StartAsync("Functions::Unserializable");

        var first = await environment.InvokeAsync("{}", cancellationToken: TestTimeout);
        var second = await environment.InvokeAsync("{}", cancellationToken: TestTimeout);

        InvokeAssert.FunctionError(first);
        InvokeAssert.FunctionError(second);
        Assert.Equal(first.ReadError().ErrorType, second.ReadError().ErrorType);
    }

    [Fact]
    public async Task InvokeAsync_ResponseUnderSixMegabytes_ReturnsEveryByte()
    {
        const int Count = 5 * 1024 * 1024;
        await using var environment = await StartAsync("Functions::Bytes");

        var result = await environment.InvokeAsync($$"""{"Count":{{Count}}}""", cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(result);
        Assert.Equal(Count, result.Body.Length);
        Assert.All(result.Body, b => Assert.Equal((byte)'x', b));
    }

    [Fact]
    public async Task InvokeAsync_ResponseOverSixMegabytes_ReturnsResponseSizeTooLarge()
    {
        await using var environment = await StartAsync("Functions::Bytes");

        var tooLarge = await environment.InvokeAsync($$"""{"Count":{{7 * 1024 * 1024}}}""", cancellationToken: TestTimeout);
        var next = await environment.InvokeAsync("""{"Count":3}""", cancellationToken: TestTimeout);

        var error = InvokeAssert.FunctionError(tooLarge);
        Assert.Equal("Function.ResponseSizeTooLarge", error.ErrorType);
        InvokeAssert.Succeeded(next);
        Assert.Equal("xxx", next.BodyText);
    }

    [Fact]
    public async Task InvokeAsync_RequestOverSixMegabytes_Returns413RequestTooLarge()
    {
        await using var environment = await StartAsync("Functions::EchoStream");
        var payload = Encoding.UTF8.GetBytes($"\"{new string('a', 7 * 1024 * 1024)}\"");

        var result = await environment.InvokeAsync(payload, cancellationToken: TestTimeout);
        var next = await environment.InvokeAsync("\"small\"", cancellationToken: TestTimeout);

        InvokeAssert.ApiError(result, HttpStatusCode.RequestEntityTooLarge, "RequestTooLargeException");
        InvokeAssert.Succeeded(next);
        Assert.Equal("\"small\"", next.BodyText);
    }

    [Fact]
    public async Task InvokeAsync_EnvironmentBusy_Returns409ResourceConflict()
    {
        var spec = Spec("Functions::Sleep").WithTimeout(30).Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);
        var running = environment.InvokeAsync("""{"Milliseconds":3000}""", cancellationToken: TestTimeout);
        await Worker.WaitForStateAsync(environment.Id, EnvironmentState.Busy, TestTimeout);

        var conflict = await environment.InvokeAsync("""{"Milliseconds":0}""", cancellationToken: TestTimeout);

        InvokeAssert.ApiError(conflict, HttpStatusCode.Conflict, "ResourceConflictException");
        InvokeAssert.Succeeded(await running);
    }

    [Fact]
    public async Task InvokeAsync_EvictedEnvironment_Returns404ResourceNotFound()
    {
        var environment = await StartAsync("Functions::Echo");
        await environment.DisposeAsync();
        await Worker.WaitUntilGoneAsync(environment.Id, TestTimeout);

        var result = await environment.InvokeAsync("{}", cancellationToken: TestTimeout);

        InvokeAssert.ApiError(result, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.False(string.IsNullOrEmpty(result.RequestId));
    }


    private FunctionSpecBuilder Spec(string typeAndMethod) => FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, typeAndMethod);

    private Task<TestEnvironment> StartAsync(string typeAndMethod) => Worker.StartReadyEnvironmentAsync(Spec(typeAndMethod).Build(), TestTimeout);

    private sealed record ContextFacts(
        string? AwsRequestId,
        string? FunctionName,
        string? FunctionVersion,
        string? InvokedFunctionArn,
        int MemoryLimitInMB,
        long RemainingTimeMs,
        string? LogGroupName,
        string? LogStreamName,
        string? TraceId,
        Dictionary<string, string>? ClientContextCustom,
        string? TaskRoot,
        string? TmpDir,
        string? Region,
        string? UserVariable,
        string? CurrentDirectory,
        bool CanWriteTaskRoot,
        bool CanWriteTmpDir);
}
