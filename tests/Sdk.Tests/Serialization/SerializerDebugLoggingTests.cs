using Amazon.Lambda.Serialization.SystemTextJson;

namespace Faas.Sdk.Tests.Serialization;

[Collection(nameof(SerializerDebugLoggingTests))]
/// <remarks>Runs alone: it sets a process-wide environment variable and redirects the console.</remarks>
public class SerializerDebugLoggingTests
{
    [Fact]
    public void SerializeAndDeserialize_DebugVariableTrue_LogsRawJsonAndStillRoundTrips()
    {
        var console = new StringWriter();
        var originalOut = Console.Out;
        Environment.SetEnvironmentVariable("LAMBDA_NET_SERIALIZER_DEBUG", "true");
        DefaultLambdaJsonSerializer serializer;
        try
        {
            serializer = new DefaultLambdaJsonSerializer();
        }
        finally
        {
            Environment.SetEnvironmentVariable("LAMBDA_NET_SERIALIZER_DEBUG", null);
        }

        string json;
        Item item;
        Console.SetOut(console);
        try
        {
            item = serializer.DeserializeFromString<Item>("""{"name":"a"}""");
            json = serializer.SerializeToString(item);
        }
        finally
        {
            Console.SetOut(originalOut);
        }

        Assert.Equal("a", item.Name);
        Assert.Equal("""{"Name":"a"}""", json);
        var log = console.ToString();
        Assert.Contains($"Lambda Deserialize {typeof(Item).FullName}: {{\"name\":\"a\"}}", log);
        Assert.Contains($"Lambda Serialize {typeof(Item).FullName}: {{\"Name\":\"a\"}}", log);
    }

    public sealed class Item
    {
        public string? Name { get; set; }
    }
}
