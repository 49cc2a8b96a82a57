using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amazon.Lambda.Serialization.SystemTextJson.Converters;

/// <summary>Reads a <see cref="DateTime"/> from an ISO 8601 string or from epoch seconds, and writes it as an ISO 8601 string.</summary>
public class DateTimeConverter : JsonConverter<DateTime>
{
    /// <summary>Reads an ISO 8601 string, or a number as seconds since the Unix epoch (UTC).</summary>
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out var date))
        {
            return date;
        }

        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var seconds))
            {
                return DateTime.UnixEpoch.AddSeconds(seconds);
            }

            if (reader.TryGetDouble(out var fractionalSeconds))
            {
                return DateTime.UnixEpoch.AddSeconds(fractionalSeconds);
            }
        }

        throw new JsonSerializerException($"Unknown data type for DateTime: {reader.TokenType}");
    }

    /// <summary>Writes the value as an ISO 8601 string.</summary>
    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
