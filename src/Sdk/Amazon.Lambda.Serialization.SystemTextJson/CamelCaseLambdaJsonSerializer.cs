using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Amazon.Lambda.Serialization.SystemTextJson;

/// <summary>Reflection-based Lambda serializer writing camelCase property names.</summary>
[RequiresUnreferencedCode("CamelCaseLambdaJsonSerializer uses reflection; trimmed functions should use SourceGeneratorLambdaJsonSerializer with a JsonSerializerContext.")]
[RequiresDynamicCode("CamelCaseLambdaJsonSerializer uses reflection; native AOT functions should use SourceGeneratorLambdaJsonSerializer with a JsonSerializerContext.")]
public class CamelCaseLambdaJsonSerializer : DefaultLambdaJsonSerializer
{
    /// <summary>Creates the serializer with the default Lambda settings and camelCase names.</summary>
    public CamelCaseLambdaJsonSerializer()
        : base(static options => options.PropertyNamingPolicy = new AwsNamingPolicy(JsonNamingPolicy.CamelCase))
    {
    }
}
