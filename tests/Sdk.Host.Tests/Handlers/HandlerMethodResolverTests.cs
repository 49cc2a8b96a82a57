using Faas.Host.Handlers;
using Faas.Sdk.Host.Tests.TestHandlers;

namespace Faas.Sdk.Host.Tests.Handlers;

public class HandlerMethodResolverTests
{
    [Fact]
    public void Find_StaticMethodByName_ReturnsIt()
    {
        var method = HandlerMethodResolver.Find(typeof(StaticHandlers), "Echo");

        Assert.Equal(nameof(StaticHandlers.Echo), method.Name);
    }

    [Fact]
    public void Find_MethodOnBaseType_WalksUp()
    {
        var method = HandlerMethodResolver.Find(typeof(DerivedHandler), "Inherited");

        Assert.Equal(typeof(BaseHandler), method.DeclaringType);
    }

    [Fact]
    public void Find_PrivateMethod_ReturnsIt()
    {
        var method = HandlerMethodResolver.Find(typeof(PrivateMethodHandler), "Hidden");

        Assert.True(method.IsPrivate);
    }

    [Fact]
    public void Find_OverloadedName_ThrowsListingCandidates()
    {
        var ex = Assert.Throws<HandlerInitException>(() => HandlerMethodResolver.Find(typeof(StaticHandlers), "Overloaded"));

        Assert.Equal("Runtime.InvalidEntrypoint", ex.ErrorType);
        Assert.Contains("System.String Overloaded(System.String)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("System.String Overloaded(Int32)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_FullSignatureOfOverload_ReturnsThatOverload()
    {
        var method = HandlerMethodResolver.Find(typeof(StaticHandlers), "System.String Overloaded(Int32)");

        Assert.Equal(typeof(int), method.GetParameters()[0].ParameterType);
    }

    [Fact]
    public void Find_MissingMethod_ThrowsHandlerNotFound()
    {
        var ex = Assert.Throws<HandlerInitException>(() => HandlerMethodResolver.Find(typeof(StaticHandlers), "Missing"));

        Assert.Equal("Runtime.HandlerNotFound", ex.ErrorType);
        Assert.Equal($"Unable to find method 'Missing' in type '{typeof(StaticHandlers).FullName}'.", ex.Message);
    }
}
