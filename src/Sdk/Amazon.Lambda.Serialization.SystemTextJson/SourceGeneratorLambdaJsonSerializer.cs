using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Amazon.Lambda.Core;

namespace Amazon.Lambda.Serialization.SystemTextJson;

/// <summary>Lambda serializer for trimmed and native AOT functions, using the type metadata of a source-generated <typeparamref name="TSGContext"/>.</summary>
/// <remarks>
/// The context is created through its <c>(JsonSerializerOptions)</c> constructor, which the source generator emits, with the
/// default Lambda settings, so reads stay case-insensitive and nulls are omitted whatever the context's own options say.
/// </remarks>
public class SourceGeneratorLambdaJsonSerializer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSGContext>
    : AbstractLambdaJsonSerializer, ILambdaSerializer
    where TSGContext : JsonSerializerContext
{
    private readonly TSGContext _jsonSerializerContext;

    /// <summary>Creates the serializer with the default Lambda settings.</summary>
    public SourceGeneratorLambdaJsonSerializer()
        : this(null, null)
    {
    }

    /// <summary>Creates the serializer, letting <paramref name="customizer"/> adjust the default Lambda settings.</summary>
    public SourceGeneratorLambdaJsonSerializer(Action<JsonSerializerOptions> customizer)
        : this(customizer, null)
    {
    }

    /// <summary>Creates the serializer, letting <paramref name="jsonWriterCustomizer"/> adjust the writer settings.</summary>
    public SourceGeneratorLambdaJsonSerializer(Action<JsonWriterOptions> jsonWriterCustomizer)
        : this(null, jsonWriterCustomizer)
    {
    }

    /// <summary>Creates the serializer, letting the customizers adjust the serializer and writer settings.</summary>
    public SourceGeneratorLambdaJsonSerializer(Action<JsonSerializerOptions> customizer, Action<JsonWriterOptions> jsonWriterCustomizer)
        : base(jsonWriterCustomizer)
    {
        SerializerOptions = CreateDefaultJsonSerializationOptions();
        customizer?.Invoke(SerializerOptions);

        var constructor = typeof(TSGContext).GetConstructor([typeof(JsonSerializerOptions)])
            ?? throw new JsonSerializerException($"The serializer context {typeof(TSGContext).FullName} is missing a public constructor that takes a JsonSerializerOptions object.");
        _jsonSerializerContext = (TSGContext)constructor.Invoke([SerializerOptions]);
    }

    /// <summary>The options the context was created with.</summary>
    protected JsonSerializerOptions SerializerOptions { get; }

    /// <inheritdoc/>
    protected override void InternalSerialize<T>(Utf8JsonWriter writer, T response) => JsonSerializer.Serialize(writer, response, GetTypeInfo<T>());

    /// <inheritdoc/>
    protected override T InternalDeserialize<T>(byte[] utf8Json) => JsonSerializer.Deserialize(utf8Json, GetTypeInfo<T>());

    private JsonTypeInfo<T> GetTypeInfo<T>()
        => _jsonSerializerContext.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
            ?? throw new JsonSerializerException($"No JsonTypeInfo registered in {_jsonSerializerContext.GetType().FullName} for type {typeof(T).FullName}.");
}
