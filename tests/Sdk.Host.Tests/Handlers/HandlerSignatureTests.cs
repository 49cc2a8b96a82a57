using Faas.Host.Handlers;
using Faas.Sdk.Host.Tests.TestHandlers;

namespace Faas.Sdk.Host.Tests.Handlers;

public class HandlerSignatureTests
{
    [Theory]
    [InlineData(nameof(StaticHandlers.Echo), "Input", typeof(string), "Value", typeof(string))]
    [InlineData(nameof(StaticHandlers.EchoWithContext), "InputAndContext", typeof(string), "Value", typeof(string))]
    [InlineData(nameof(StaticHandlers.StreamEcho), "Input", typeof(Stream), "Value", typeof(Stream))]
    [InlineData(nameof(StaticHandlers.StreamEchoAsync), "InputAndContext", typeof(Stream), "TaskOfValue", typeof(Stream))]
    [InlineData(nameof(StaticHandlers.Nothing), "None", null, "Void", null)]
    [InlineData(nameof(StaticHandlers.NothingAsync), "ContextOnly", null, "Task", null)]
    [InlineData(nameof(StaticHandlers.GreetAsync), "InputAndContext", typeof(Person), "TaskOfValue", typeof(Greeting))]
    [InlineData(nameof(StaticHandlers.ContextOnly), "ContextOnly", null, "Value", typeof(int))]
    public void Analyze_SupportedShape_DescribesIt(string methodName, string parameters, Type? input, string returns, Type? output)
    {
        var shape = HandlerSignature.Analyze(typeof(StaticHandlers), typeof(StaticHandlers).GetMethod(methodName)!);

        Assert.Equal(new HandlerShape(Enum.Parse<ParameterShape>(parameters), input, Enum.Parse<ReturnShape>(returns), output), shape);
    }

    [Theory]
    [InlineData(nameof(StaticHandlers.StreamEcho), false)]
    [InlineData(nameof(StaticHandlers.StreamEchoAsync), false)]
    [InlineData(nameof(StaticHandlers.Nothing), false)]
    [InlineData(nameof(StaticHandlers.Echo), true)]
    [InlineData(nameof(StaticHandlers.StreamInputStringOutput), true)]
    [InlineData(nameof(StaticHandlers.ContextOnly), true)]
    public void NeedsSerializer_ByShape_IsTrueOnlyForNonStreamData(string methodName, bool expected)
    {
        var shape = HandlerSignature.Analyze(typeof(StaticHandlers), typeof(StaticHandlers).GetMethod(methodName)!);

        Assert.Equal(expected, shape.NeedsSerializer);
    }

    [Theory]
    [InlineData(nameof(StaticHandlers.Generic), "generic")]
    [InlineData(nameof(StaticHandlers.AsyncVoid), "async void")]
    [InlineData(nameof(StaticHandlers.Params), "params")]
    [InlineData(nameof(StaticHandlers.Three), "at most 2")]
    [InlineData(nameof(StaticHandlers.BadSecond), "second parameter")]
    [InlineData(nameof(StaticHandlers.ByRef), "by reference")]
    public void Analyze_InvalidMethod_ThrowsInvalidEntrypoint(string methodName, string reason)
    {
        var ex = Assert.Throws<HandlerInitException>(
            () => HandlerSignature.Analyze(typeof(StaticHandlers), typeof(StaticHandlers).GetMethod(methodName)!));

        Assert.Equal("Runtime.InvalidEntrypoint", ex.ErrorType);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(AbstractHandler), "abstract")]
    [InlineData(typeof(NoDefaultConstructorHandler), "parameterless constructor")]
    [InlineData(typeof(GenericHandler<>), "generic")]
    public void Analyze_InvalidType_ThrowsInvalidEntrypoint(Type type, string reason)
    {
        var ex = Assert.Throws<HandlerInitException>(() => HandlerSignature.Analyze(type, type.GetMethod("Handle")!));

        Assert.Equal("Runtime.InvalidEntrypoint", ex.ErrorType);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
