using System.Collections.Generic;
using System.Text.Json;

namespace Amazon.Lambda.Serialization.SystemTextJson;

/// <summary>Keeps property names as declared (or applies a wrapped policy) except for AWS names that no casing rule produces.</summary>
public class AwsNamingPolicy : JsonNamingPolicy
{
    private static readonly Dictionary<string, string> CustomNameMappings = new()
    {
        ["XAmzId2"] = "x-amz-id-2",
        ["XAmzRequestId"] = "x-amz-request-id",
    };

    private readonly JsonNamingPolicy _fallbackNamingPolicy;

    /// <summary>Creates a policy that returns names unchanged apart from the AWS special cases.</summary>
    public AwsNamingPolicy()
    {
    }

    /// <summary>Creates a policy that applies <paramref name="fallbackNamingPolicy"/> apart from the AWS special cases.</summary>
    public AwsNamingPolicy(JsonNamingPolicy fallbackNamingPolicy)
    {
        _fallbackNamingPolicy = fallbackNamingPolicy;
    }

    /// <summary>Maps a CLR property name to its JSON name.</summary>
    public override string ConvertName(string name)
    {
        if (CustomNameMappings.TryGetValue(name, out var mapped))
        {
            return mapped;
        }

        return _fallbackNamingPolicy?.ConvertName(name) ?? name;
    }
}
