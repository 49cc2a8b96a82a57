using System.Text;
using System.Text.Json.Nodes;
using Amazon.Lambda.Core;

namespace Faas.Sdk.Tests;

/// <summary>String-based helpers over <see cref="ILambdaSerializer"/> so tests read and write JSON text as the runtime would.</summary>
internal static class LambdaSerializerExtensions
{
    public static string SerializeToString<T>(this ILambdaSerializer serializer, T value)
    {
        using var stream = new MemoryStream();
        serializer.Serialize(value, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static T DeserializeFromString<T>(this ILambdaSerializer serializer, string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return serializer.Deserialize<T>(stream);
    }

    /// <summary>Parses <paramref name="json"/> and drops null-valued properties, which the Lambda serializers omit on write.</summary>
    public static JsonNode? ParseWithoutNulls(string json) => RemoveNulls(JsonNode.Parse(json));

    private static JsonNode? RemoveNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj.ToList())
                {
                    if (property.Value is null)
                    {
                        obj.Remove(property.Key);
                    }
                    else
                    {
                        RemoveNulls(property.Value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    RemoveNulls(item);
                }

                break;
        }

        return node;
    }
}
