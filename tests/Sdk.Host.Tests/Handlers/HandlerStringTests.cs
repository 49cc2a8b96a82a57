using Faas.Host.Handlers;

namespace Faas.Sdk.Host.Tests.Handlers;

public class HandlerStringTests
{
    [Fact]
    public void Parse_ThreeParts_ReturnsTrimmedParts()
    {
        var handler = HandlerString.Parse(" MyFn :: MyFn.Function :: Handle ");

        Assert.Equal(new HandlerString("MyFn", "MyFn.Function", "Handle"), handler);
    }

    [Fact]
    public void Parse_NestedTypeAndSignatureMethod_KeepsThemVerbatim()
    {
        var handler = HandlerString.Parse("A::N.Outer+Inner::System.String Handle(System.String)");

        Assert.Equal("N.Outer+Inner", handler.TypeName);
        Assert.Equal("System.String Handle(System.String)", handler.MethodName);
    }

    [Theory]
    [InlineData("A::B")]
    [InlineData("A::B::C::D")]
    [InlineData("::B::C")]
    [InlineData("A:: ::C")]
    [InlineData("A::B::")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Parse_Malformed_ThrowsMalformedHandlerName(string? text)
    {
        var ex = Assert.Throws<HandlerInitException>(() => HandlerString.Parse(text));

        Assert.Equal("Runtime.MalformedHandlerName", ex.ErrorType);
    }

    [Fact]
    public void Parse_ExecutableAssemblyHandler_ThrowsInvalidEntrypoint()
    {
        var ex = Assert.Throws<HandlerInitException>(() => HandlerString.Parse("MyExecutable"));

        Assert.Equal("Runtime.InvalidEntrypoint", ex.ErrorType);
        Assert.Contains("executable assembly", ex.Message, StringComparison.Ordinal);
    }
}
