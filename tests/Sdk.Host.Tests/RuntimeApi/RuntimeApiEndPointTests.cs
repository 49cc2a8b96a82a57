using Faas.Host.RuntimeApi;

namespace Faas.Sdk.Host.Tests.RuntimeApi;

public class RuntimeApiEndPointTests
{
    [Theory]
    [InlineData("127.0.0.1:9001", 0x7F000001u, 9001)]
    [InlineData("localhost:80", 0x7F000001u, 80)]
    [InlineData("LOCALHOST:65535", 0x7F000001u, 65535)]
    [InlineData("10.1.2.255:1", 0x0A0102FFu, 1)]
    public void Parse_IPv4OrLocalhost_GivesAddressAndPort(string value, uint address, int port)
    {
        var endPoint = RuntimeApiEndPoint.Parse(value);

        Assert.Equal(new RuntimeApiEndPoint(address, (ushort)port), endPoint);
    }

    [Theory]
    [InlineData("[::1]:9001")]
    [InlineData("worker.internal:9001")]
    [InlineData("127.0.0:9001")]
    [InlineData("127.0.0.256:9001")]
    [InlineData("127.0.0.1.1:9001")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:70000")]
    [InlineData(":9001")]
    public void Parse_NotIPv4HostAndPort_ThrowsNamingTheVariable(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => RuntimeApiEndPoint.Parse(value));

        Assert.Contains("AWS_LAMBDA_RUNTIME_API", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Loopback_IsDottedDecimalAndPort()
    {
        Assert.Equal("127.0.0.1:9001", new RuntimeApiEndPoint(RuntimeApiEndPoint.Loopback, 9001).ToString());
    }
}
