using System.Text.Json;
using System.Text.Json.Nodes;
using Faas.Worker.Control;
using Faas.Worker.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.Invocations;

/// <summary>Every handler shape Lambda's .NET runtime accepts runs unchanged from the HandlerShapes zip.</summary>
public sealed class HandlerShapesTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    [Theory]
    [InlineData("StaticHandlers::Hello", "{}", "\"hello\"")]
    [InlineData("StaticHandlers::EchoAsync", """{"Message":"hi","Number":7}""", """{"Message":"hi","Number":7}""")]
    [InlineData("Functions::Echo", """{"Message":"hi","Number":7,"Tags":["a","b"]}""", """{"Message":"hi","Number":7,"Tags":["a","b"]}""")]
    [InlineData("Functions::Echo", """{"message":"read case-insensitively"}""", """{"Message":"read case-insensitively","Number":0}""")]
    public async Task InvokeAsync_SerializedHandlerShape_ReturnsSerializedResult(string handler, string payload, string expectedJson)
    {
        await using var environment = await StartAsync(handler);

        var result = await environment.InvokeAsync(payload, cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(result);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expectedJson), JsonNode.Parse(result.BodyText)),
            $"Expected {expectedJson} but got {result.BodyText}");
    }

    [Theory]
    [InlineData("StaticHandlers::StreamEcho")]
    [InlineData("StaticHandlers::StreamEchoAsync")]
    [InlineData("Functions::EchoStream")]
    public async Task InvokeAsync_StreamHandler_ReturnsRawBytesUnchanged(string handler)
    {
        const string Payload = """{ "raw" : [1, 2, 3], "spacing" :  "kept" }""";
        await using var environment = await StartAsync(handler);

        var result = await environment.InvokeAsync(Payload, cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(result);
        Assert.Equal(Payload, result.BodyText);
    }

    [Fact]
    public async Task InvokeAsync_NoInputStreamOutput_ReturnsTextAsIs()
    {
        await using var environment = await StartAsync("StaticHandlers::Text");

        var result = await environment.InvokeAsync("{}", cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(result);
        Assert.Equal("plain text", result.BodyText);
    }

    [Fact]
    public async Task InvokeAsync_ContextOnlyHandler_SeesFunctionName()
    {
        await using var environment = await StartAsync("StaticHandlers::HelloWithContext");

        var result = await environment.InvokeAsync("{}", cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(result);
        Assert.Equal($"\"hello {environment.Spec.FunctionName}\"", result.BodyText);
    }

    [Theory]
    [InlineData("StaticHandlers::Record")]
    [InlineData("StaticHandlers::RecordAsync")]
    public async Task InvokeAsync_VoidOrTaskHandler_ReturnsNoOutputAndRuns(string handler)
    {
        var marker = $"marker-{Guid.NewGuid():N}";
        await using var environment = await StartAsync(handler);

        var result = await environment.InvokeAsync($$"""{"Message":"{{marker}}"}""", InvokeOptions.WithTail, TestTimeout);

        InvokeAssert.Succeeded(result);
        Assert.True(result.BodyText is "" or "null", $"Expected no output but got '{result.BodyText}'");
        Assert.Contains($"recorded {marker}", result.LogTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_AssemblySerializer_WritesDeclaredPropertyNames()
    {
        await using var environment = await StartAsync("Functions::Echo");

        var result = await environment.InvokeAsync("""{"Message":"hi","Number":1,"Tags":["x"]}""", cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(result);
        Assert.Equal(["Message", "Number", "Tags"], PropertyNames(result));
    }

    [Fact]
    public async Task InvokeAsync_MethodSerializerAttribute_WinsOverAssemblySerializer()
    {
        await using var environment = await StartAsync("Functions::EchoCamelCase");

        var result = await environment.InvokeAsync("""{"Message":"hi","Number":1,"Tags":["x"]}""", cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(result);
        Assert.Equal(["message", "number", "tags"], PropertyNames(result));
    }

    [Fact]
    public async Task InvokeAsync_InstanceHandler_ConstructedOncePerEnvironment()
    {
        var spec = Spec("Counter::Count");
        CounterResult[] first;
        await using (var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout))
        {
            first = new CounterResult[3];
            for (var i = 0; i < first.Length; i++)
            {
                var result = await environment.InvokeAsync("{}", cancellationToken: TestTimeout);
                InvokeAssert.Succeeded(result);
                first[i] = result.ReadJson<CounterResult>();
            }
        }

        await using var second = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);
        var again = await second.InvokeAsync("{}", cancellationToken: TestTimeout);

        Assert.All(first, r => Assert.Equal(1, r.Constructions));
        Assert.Equal([1, 2, 3], first.Select(r => r.Invocations));
        Assert.Single(first.Select(r => r.ProcessId).Distinct());
        InvokeAssert.Succeeded(again);
        var fresh = again.ReadJson<CounterResult>();
        Assert.Equal(1, fresh.Constructions);
        Assert.Equal(1, fresh.Invocations);
        Assert.NotEqual(first[0].ProcessId, fresh.ProcessId);
    }

    [Fact]
    public async Task InvokeAsync_InvalidJsonForPocoHandler_ReturnsClearErrorAndEnvironmentSurvives()
    {
        await using var environment = await StartAsync("Functions::Echo");

        var bad = await environment.InvokeAsync("""{"Message": "unterminated""", cancellationToken: TestTimeout);
        var good = await environment.InvokeAsync("""{"Message":"after"}""", cancellationToken: TestTimeout);

        // Lambda's Invoke API may refuse non-JSON itself (400 InvalidRequestContentException); otherwise the
        // .NET runtime reports the deserialization failure as a function error.
        if (bad.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            Assert.StartsWith("InvalidRequestContentException", bad.ApiErrorType, StringComparison.Ordinal);
        }
        else
        {
            InvokeAssert.FunctionError(bad);
        }

        InvokeAssert.Succeeded(good);
        Assert.Contains("after", good.BodyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dotnet8")]
    [InlineData("dotnet10")]
    public async Task StartEnvironment_ManagedDotNetRuntime_RunsClassLibraryZip(string runtime)
    {
        var spec = FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, "Functions::Echo").WithRuntime(runtime).Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);

        var result = await environment.InvokeAsync("""{"Message":"runtime"}""", cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(result);
        Assert.Contains("runtime", result.BodyText, StringComparison.Ordinal);
    }

    private static List<string> PropertyNames(InvokeResult result)
    {
        using var document = JsonDocument.Parse(result.Body);
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    private FunctionSpec Spec(string typeAndMethod) => FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, typeAndMethod).Build();

    private Task<TestEnvironment> StartAsync(string typeAndMethod) => Worker.StartReadyEnvironmentAsync(Spec(typeAndMethod), TestTimeout);

    private sealed record CounterResult(int Constructions, int Invocations, int ProcessId);
}
