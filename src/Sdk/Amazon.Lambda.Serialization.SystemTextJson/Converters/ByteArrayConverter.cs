using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amazon.Lambda.Serialization.SystemTextJson.Converters;

/// <summary>Reads a <see cref="T:byte[]"/> from a JSON number array or a base64 string, and writes it as a number array as AWS's serializer does.</summary>
public class ByteArrayConverter : JsonConverter<byte[]>
{
    /// <summary>Reads a number array (each 0-255) or a base64 string.</summary>
    public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetBytesFromBase64();
            case JsonTokenType.StartArray:
                var bytes = new List<byte>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    bytes.Add(reader.GetByte());
                }

                return bytes.ToArray();
            default:
                throw new JsonException($"The JSON value of type {reader.TokenType} could not be converted to byte[].");
        }
    }

    /// <summary>Writes the bytes as a JSON number array.</summary>
    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var b in value)
        {
            writer.WriteNumberValue(b);
        }

        writer.WriteEndArray();
    }
}
