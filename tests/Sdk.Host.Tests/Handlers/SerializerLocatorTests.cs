using Faas.Host.Handlers;
using Faas.Sdk.Host.Tests.TestHandlers;

namespace Faas.Sdk.Host.Tests.Handlers;

public class SerializerLocatorTests
{
    [Fact]
    public void FindSerializerType_MethodAttribute_WinsOverAssembly()
    {
        var type = SerializerLocator.FindSerializerType(typeof(StaticHandlers).GetMethod(nameof(StaticHandlers.Shout))!, typeof(StaticHandlers).Assembly);

        Assert.Equal(typeof(ShoutingSerializer), type);
    }

    [Fact]
    public void FindSerializerType_OnlyAssemblyAttribute_ReturnsAssemblySerializer()
    {
        var type = SerializerLocator.FindSerializerType(typeof(StaticHandlers).GetMethod(nameof(StaticHandlers.Echo))!, typeof(StaticHandlers).Assembly);

        Assert.Equal(typeof(TestJsonSerializer), type);
    }

    [Fact]
    public void FindSerializerType_NoAttribute_ReturnsNull()
    {
        var type = SerializerLocator.FindSerializerType(typeof(StaticHandlers).GetMethod(nameof(StaticHandlers.Echo))!, typeof(object).Assembly);

        Assert.Null(type);
    }

    [Fact]
    public void Create_TypeNotImplementingSerializer_ThrowsInvalidEntrypoint()
    {
        var ex = Assert.Throws<HandlerInitException>(() => SerializerLocator.Create(typeof(NotASerializer)));

        Assert.Equal("Runtime.InvalidEntrypoint", ex.ErrorType);
    }

    [Fact]
    public void Create_Serializer_ReturnsInstance()
    {
        var serializer = SerializerLocator.Create(typeof(TestJsonSerializer));

        Assert.IsType<TestJsonSerializer>(serializer);
    }
}
