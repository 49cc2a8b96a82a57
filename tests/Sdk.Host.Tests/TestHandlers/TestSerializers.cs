using System.Text.Json;
using Amazon.Lambda.Core;
using Faas.Sdk.Host.Tests.TestHandlers;

[assembly: LambdaSerializer(typeof(TestJsonSerializer))]

namespace Faas.Sdk.Host.Tests.TestHandlers;

/// <summary>The assembly-level serializer of the test handlers: reflection System.Text.Json, camelCase.</summary>
public sealed class TestJsonSerializer : ILambdaSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public T Deserialize<T>(Stream requestStream) => JsonSerializer.Deserialize<T>(requestStream, Options)!;

    public void Serialize<T>(T response, Stream responseStream) => JsonSerializer.Serialize(responseStream, response, Options);
}

/// <summary>A method-level serializer that upper-cases string results, to show the method attribute wins.</summary>
public sealed class ShoutingSerializer : ILambdaSerializer
{
    public T Deserialize<T>(Stream requestStream) => JsonSerializer.Deserialize<T>(requestStream)!;

    public void Serialize<T>(T response, Stream responseStream)
        => JsonSerializer.Serialize(responseStream, response is string text ? text.ToUpperInvariant() : (object?)response);
}

/// <summary>Named by [LambdaSerializer] but not a serializer.</summary>
public sealed class NotASerializer
{
}
