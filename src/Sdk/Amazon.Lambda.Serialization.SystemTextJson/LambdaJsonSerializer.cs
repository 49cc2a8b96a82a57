using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Amazon.Lambda.Core;

namespace Amazon.Lambda.Serialization.SystemTextJson;

/// <summary>Legacy reflection-based Lambda serializer writing camelCase names; new code should use <see cref="DefaultLambdaJsonSerializer"/>.</summary>
[Obsolete("This serializer is obsolete because it uses inconsistent name casing when serializing to JSON. Lambda functions should use the DefaultLambdaJsonSerializer type.")]
[RequiresUnreferencedCode("LambdaJsonSerializer does not support trimming; trimmed functions should use SourceGeneratorLambdaJsonSerializer with a JsonSerializerContext.")]
[RequiresDynamicCode("LambdaJsonSerializer does not support native AOT; such functions should use SourceGeneratorLambdaJsonSerializer with a JsonSerializerContext.")]
public class LambdaJsonSerializer : AbstractLambdaJsonSerializer, ILambdaSerializer
{
    private readonly JsonSerializerOptions _options;

    /// <summary>Creates the serializer with the legacy camelCase settings.</summary>
    public LambdaJsonSerializer()
        : this(null, null)
    {
    }

    /// <summary>Creates the serializer, letting <paramref name="customizer"/> adjust the legacy settings.</summary>
    public LambdaJsonSerializer(Action<JsonSerializerOptions> customizer)
        : this(customizer, null)
    {
    }

    /// <summary>Creates the serializer, letting the customizers adjust the serializer and writer settings.</summary>
    public LambdaJsonSerializer(Action<JsonSerializerOptions> customizer, Action<JsonWriterOptions> jsonWriterCustomizer)
        : base(jsonWriterCustomizer)
    {
        _options = CreateDefaultJsonSerializationOptions();
        _options.PropertyNamingPolicy = new AwsNamingPolicy(JsonNamingPolicy.CamelCase);
        customizer?.Invoke(_options);
    }

    /// <inheritdoc/>
    protected override void InternalSerialize<T>(Utf8JsonWriter writer, T response) => JsonSerializer.Serialize(writer, response, _options);

    /// <inheritdoc/>
    protected override T InternalDeserialize<T>(byte[] utf8Json) => JsonSerializer.Deserialize<T>(utf8Json, _options);
}
