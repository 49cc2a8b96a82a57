using System.Runtime.Loader;
using Amazon.Lambda.Core;
using Faas.Host.Handlers;
using Faas.Host.Loading;
using Faas.Sdk.Host.Tests.EndToEnd;

namespace Faas.Sdk.Host.Tests.Loading;

public class HandlerTypeLoaderTests
{
    [Fact]
    public void Load_HandlerInTaskRoot_LoadsIntoOwnContextWithHostCore()
    {
        var handler = HandlerString.Parse(HostProcess.StaticHandler("Echo"));

        var type = HandlerTypeLoader.Load(handler, HostProcess.TaskRoot);

        Assert.IsType<HandlerLoadContext>(AssemblyLoadContext.GetLoadContext(type.Assembly));
        var method = type.GetMethod("EchoWithContext")!;
        Assert.Same(typeof(ILambdaContext), method.GetParameters()[1].ParameterType);
    }

    [Fact]
    public void Load_MissingAssembly_ThrowsHandlerNotFound()
    {
        var ex = Assert.Throws<HandlerInitException>(() => HandlerTypeLoader.Load(HandlerString.Parse("Nope::N.T::M"), HostProcess.TaskRoot));

        Assert.Equal("Runtime.HandlerNotFound", ex.ErrorType);
        Assert.StartsWith("Unable to load assembly 'Nope'.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingType_ThrowsHandlerNotFound()
    {
        var ex = Assert.Throws<HandlerInitException>(
            () => HandlerTypeLoader.Load(HandlerString.Parse("Faas.Sdk.Host.Tests::N.Missing::M"), HostProcess.TaskRoot));

        Assert.Equal("Runtime.HandlerNotFound", ex.ErrorType);
        Assert.Equal("Unable to find type 'N.Missing' in assembly 'Faas.Sdk.Host.Tests'.", ex.Message);
    }
}
