using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Amazon.Lambda.Core;

namespace Amazon.Lambda.Serialization.SystemTextJson;

/// <summary>Reflection-based Lambda serializer writing property names as declared; set LAMBDA_NET_SERIALIZER_DEBUG=true to log the JSON.</summary>
[RequiresUnreferencedCode("DefaultLambdaJsonSerializer uses reflection; trimmed functions should use SourceGeneratorLambdaJsonSerializer with a JsonSerializerContext.")]
[RequiresDynamicCode("DefaultLambdaJsonSerializer uses reflection; native AOT functions should use SourceGeneratorLambdaJsonSerializer with a JsonSerializerContext.")]
public class DefaultLambdaJsonSerializer : AbstractLambdaJsonSerializer, ILambdaSerializer
{
    /// <summary>Creates the serializer with the default Lambda settings.</summary>
    public DefaultLambdaJsonSerializer()
        : this(null, null)
    {
    }

    /// <summary>Creates the serializer, letting <paramref name="customizer"/> adjust the default Lambda settings.</summary>
    public DefaultLambdaJsonSerializer(Action<JsonSerializerOptions> customizer)
        : this(customizer, null)
    {
    }

    /// <summary>Creates the serializer, letting the customizers adjust the serializer and writer settings.</summary>
    public DefaultLambdaJsonSerializer(Action<JsonSerializerOptions> customizer, Action<JsonWriterOptions> jsonWriterCustomizer)
        : base(jsonWriterCustomizer)
    {
        SerializerOptions = CreateDefaultJsonSerializationOptions();
        customizer?.Invoke(SerializerOptions);
    }

    /// <summary>The options used to read and write JSON.</summary>
    protected JsonSerializerOptions SerializerOptions { get; }

    /// <inheritdoc/>
    protected override void InternalSerialize<T>(Utf8JsonWriter writer, T response) => JsonSerializer.Serialize(writer, response, SerializerOptions);

    /// <inheritdoc/>
    protected override T InternalDeserialize<T>(byte[] utf8Json) => JsonSerializer.Deserialize<T>(utf8Json, SerializerOptions);
}
