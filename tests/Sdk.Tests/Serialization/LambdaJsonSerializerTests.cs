using Amazon.Lambda.Serialization.SystemTextJson;

namespace Faas.Sdk.Tests.Serialization;

#pragma warning disable CS0618 // The legacy serializer is obsolete in AWS's API too; it must still work.
public class LambdaJsonSerializerTests
{
    private readonly LambdaJsonSerializer _serializer = new();

    [Fact]
    public void Serialize_Poco_WritesCamelCaseNamesAndOmitsNulls()
    {
        var json = _serializer.SerializeToString(new Order { OrderId = "o-1" });

        Assert.Equal("""{"orderId":"o-1"}""", json);
    }

    [Fact]
    public void Deserialize_InvalidJson_ThrowsJsonSerializerException()
    {
        var exception = Assert.Throws<JsonSerializerException>(() => _serializer.DeserializeFromString<Order>("[1,"));

        Assert.StartsWith($"Error converting the Lambda event JSON payload to type {typeof(Order).FullName}: ", exception.Message);
    }

    public sealed class Order
    {
        public string? OrderId { get; set; }

        public string? Note { get; set; }
    }
}
#pragma warning restore CS0618
