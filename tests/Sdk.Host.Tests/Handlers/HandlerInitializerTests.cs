using System.Text;
using System.Text.Json;
using Amazon.Lambda.Core;
using Faas.Host.Handlers;
using Faas.Host.Hosting;
using Faas.Host.Invocation;
using Faas.Host.Logging;
using Faas.Host.RuntimeApi;
using Faas.Sdk.Host.Tests.TestHandlers;

namespace Faas.Sdk.Host.Tests.Handlers;

public class HandlerInitializerTests
{
    [Fact]
    public async Task Initialize_StaticPocoHandler_SerializesResult()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.Echo));

        var (body, raw) = await InvokeAsync(handler, "\"hello\"");

        Assert.Null(raw);
        Assert.Equal("\"hello\"", body);
    }

    [Fact]
    public async Task Initialize_InputAndContext_PassesContext()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.EchoWithContext));

        var (body, _) = await InvokeAsync(handler, "\"a\"");

        Assert.Equal("\"a|req-1\"", body);
    }

    [Fact]
    public async Task Initialize_StreamInStreamOut_PassesStreamsRaw()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.StreamEcho));

        var (_, raw) = await InvokeAsync(handler, "not json at all");

        Assert.Equal("not json at all", raw);
    }

    [Fact]
    public async Task Initialize_TaskOfStream_CopiesRaw()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.StreamEchoAsync));

        var (_, raw) = await InvokeAsync(handler, "xyz");

        Assert.Equal("xyz|fn", raw);
    }

    [Fact]
    public async Task Initialize_VoidNoInput_RunsAndWritesNothing()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.Nothing));
        var before = StaticHandlers.NothingCalls;

        var (body, raw) = await InvokeAsync(handler, "");

        Assert.Equal("", body);
        Assert.Null(raw);
        Assert.True(StaticHandlers.NothingCalls > before);
    }

    [Fact]
    public async Task Initialize_TaskContextOnly_AwaitsAndWritesNothing()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.NothingAsync));
        var before = StaticHandlers.NothingCalls;

        var (body, _) = await InvokeAsync(handler, "ignored");

        Assert.Equal("", body);
        Assert.True(StaticHandlers.NothingCalls > before);
    }

    [Fact]
    public async Task Initialize_TaskOfPoco_AwaitsAndSerializes()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.GreetAsync));

        var (body, _) = await InvokeAsync(handler, "{\"name\":\"Ada\"}");

        Assert.Equal("{\"message\":\"Hello Ada\"}", body);
    }

    [Fact]
    public async Task Initialize_CompletedTaskOfPoco_Serializes()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.GreetSync));

        var (body, _) = await InvokeAsync(handler, "{\"name\":\"Bob\"}");

        Assert.Equal("{\"message\":\"Hi Bob\"}", body);
    }

    [Fact]
    public async Task Initialize_ContextOnlyValue_Serializes()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.ContextOnly));

        var (body, _) = await InvokeAsync(handler, "");

        Assert.Equal("256", body);
    }

    [Fact]
    public async Task Initialize_InstanceHandler_CreatesOneInstanceForAllCalls()
    {
        var before = CountingHandler.Constructions;
        var handler = HandlerInitializer.Initialize(typeof(CountingHandler), nameof(CountingHandler.Count));

        await InvokeAsync(handler, "");
        var (body, _) = await InvokeAsync(handler, "");

        Assert.Equal("2", body);
        Assert.Equal(before + 1, CountingHandler.Constructions);
    }

    [Fact]
    public async Task Initialize_InheritedInstanceMethod_BindsToDerivedInstance()
    {
        var handler = HandlerInitializer.Initialize(typeof(DerivedHandler), nameof(BaseHandler.Inherited));

        var (body, _) = await InvokeAsync(handler, "\"x\"");

        Assert.Equal("\"base:x\"", body);
    }

    [Fact]
    public async Task Initialize_StructHandler_Invokes()
    {
        var handler = HandlerInitializer.Initialize(typeof(StructHandler), nameof(StructHandler.Handle));

        var (body, _) = await InvokeAsync(handler, "\"s\"");

        Assert.Equal("\"struct:s\"", body);
    }

    [Fact]
    public async Task Initialize_MethodSerializerAttribute_UsesIt()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.Shout));

        var (body, _) = await InvokeAsync(handler, "\"quiet\"");

        Assert.Equal("\"QUIET\"", body);
        Assert.IsType<ShoutingSerializer>(handler.Serializer);
    }

    [Fact]
    public async Task Invoke_HandlerThrows_PropagatesUserException()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.ThrowAsync));

        await Assert.ThrowsAsync<FormatException>(() => InvokeAsync(handler, "\"x\""));
    }

    [Fact]
    public async Task Invoke_InvalidJsonForPoco_ThrowsSerializerException()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.GreetAsync));

        await Assert.ThrowsAnyAsync<JsonException>(() => InvokeAsync(handler, "{not json"));
    }

    [Fact]
    public async Task Invoke_UnserializableResult_ThrowsSerializerException()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.Cycle));

        await Assert.ThrowsAnyAsync<JsonException>(() => InvokeAsync(handler, ""));
    }

    [Fact]
    public void Initialize_ConstructorThrows_ReportsUserExceptionType()
    {
        var ex = Assert.Throws<HandlerInitException>(() => HandlerInitializer.Initialize(typeof(ThrowingConstructorHandler), "Handle"));

        Assert.Equal(nameof(ArgumentOutOfRangeException), ex.ErrorType);
        Assert.Equal(nameof(ArgumentOutOfRangeException), ex.ToErrorBody().ErrorType);
        Assert.Contains("constructor failed", ex.ToErrorBody().ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_StaticConstructorThrows_ReportsUserExceptionType()
    {
        var ex = Assert.Throws<HandlerInitException>(() => HandlerInitializer.Initialize(typeof(ThrowingStaticConstructorHandler), "Handle"));

        Assert.Equal(nameof(NotSupportedException), ex.ErrorType);
    }

    [Fact]
    public void Initialize_PocoWithoutSerializer_ThrowsInvalidEntrypoint()
    {
        var ex = Assert.Throws<HandlerInitException>(
            () => HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.Echo), typeof(object).Assembly));

        Assert.Equal("Runtime.InvalidEntrypoint", ex.ErrorType);
        Assert.Contains("LambdaSerializer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_StreamHandlerWithoutSerializer_Succeeds()
    {
        var handler = HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.StreamEcho), typeof(object).Assembly);

        Assert.Null(handler.Serializer);
    }

    [Fact]
    public void Initialize_SerializerNotImplementingInterface_ThrowsInvalidEntrypoint()
    {
        var ex = Assert.Throws<HandlerInitException>(() => HandlerInitializer.Initialize(typeof(StaticHandlers), nameof(StaticHandlers.BadSerializer)));

        Assert.Equal("Runtime.InvalidEntrypoint", ex.ErrorType);
    }

    internal static async Task<(string Body, string? Raw)> InvokeAsync(LoadedHandler handler, string input)
    {
        using var inputStream = new MemoryStream(Encoding.UTF8.GetBytes(input));
        using var output = new MemoryStream();
        var result = await handler.Invoker.InvokeAsync(inputStream, CreateContext(handler.Serializer), output);
        string? raw = null;
        if (result is not null)
        {
            using var reader = new StreamReader(result);
            raw = await reader.ReadToEndAsync();
        }

        return (Encoding.UTF8.GetString(output.ToArray()), raw);
    }

    private static LambdaContext CreateContext(ILambdaSerializer? serializer)
    {
        var settings = new HostSettings { FunctionName = "fn", MemoryMb = 256 };
        var invocation = new NextInvocation { RequestId = "req-1", DeadlineMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000 };
        return new LambdaContext(settings, invocation, new ContextLogger(new LogSink(Stream.Null, TimeProvider.System)), serializer, TimeProvider.System);
    }
}
