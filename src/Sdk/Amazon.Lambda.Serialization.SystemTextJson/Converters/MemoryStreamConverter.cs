using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amazon.Lambda.Serialization.SystemTextJson.Converters;

/// <summary>Reads a <see cref="MemoryStream"/> from a base64 string and writes it back as one.</summary>
public class MemoryStreamConverter : JsonConverter<MemoryStream>
{
    /// <summary>Decodes the base64 string into a new stream positioned at its start.</summary>
    public override MemoryStream Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => new(reader.GetBytesFromBase64());

    /// <summary>Encodes the whole content of the stream, whatever its position, as a base64 string.</summary>
    public override void Write(Utf8JsonWriter writer, MemoryStream value, JsonSerializerOptions options)
    {
        if (value.TryGetBuffer(out var buffer))
        {
            writer.WriteBase64StringValue(buffer);
        }
        else
        {
            writer.WriteBase64StringValue(value.ToArray());
        }
    }
}
