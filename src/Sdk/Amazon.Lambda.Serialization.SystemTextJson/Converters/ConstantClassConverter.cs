using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amazon.Lambda.Serialization.SystemTextJson.Converters;

/// <summary>Reads and writes the AWS SDK "constant class" enums used by event types (S3 event type, DynamoDB operation and stream view types) as strings.</summary>
/// <remarks>This assembly cannot reference AWSSDK.Core, so the types are recognised by full name, as AWS's serializer does.</remarks>
public class ConstantClassConverter : JsonConverter<object>
{
    private static readonly HashSet<string> ConstantClassNames =
    [
        "Amazon.S3.EventType",
        "Amazon.DynamoDBv2.OperationType",
        "Amazon.DynamoDBv2.StreamViewType",
    ];

    /// <summary>Tells whether <paramref name="typeToConvert"/> is one of the known constant classes.</summary>
    public override bool CanConvert(Type typeToConvert) => ConstantClassNames.Contains(typeToConvert.FullName);

    /// <summary>Creates the constant class from its string value through its (string) constructor.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Constant classes keep their public (string) constructor; AWS's converter relies on it the same way.")]
    public override object Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => Activator.CreateInstance(typeToConvert, reader.GetString());

    /// <summary>Writes the constant class as its string value.</summary>
    public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
