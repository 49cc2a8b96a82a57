using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Amazon.Lambda.APIGatewayEvents;

/// <summary>The context returned by a custom (Lambda) or Cognito authorizer, as a map of its keys to their values.</summary>
public class APIGatewayCustomAuthorizerContext : Dictionary<string, object>
{
    private Dictionary<string, string> _claims;

    /// <summary>The <c>principalId</c> entry.</summary>
    [Obsolete("This property is obsolete. Code should be updated to use the string index property like authorizer[\"principalId\"]")]
    public string PrincipalId
    {
        get => TryGetValue("principalId", out var value) ? value?.ToString() : null;
        set => this["principalId"] = value;
    }

    /// <summary>The <c>stringKey</c> entry.</summary>
    [Obsolete("This property is obsolete. Code should be updated to use the string index property like authorizer[\"stringKey\"]")]
    public string StringKey
    {
        get => TryGetValue("stringKey", out var value) ? value?.ToString() : null;
        set => this["stringKey"] = value;
    }

    /// <summary>The <c>numKey</c> entry, if it is an integer.</summary>
    [Obsolete("This property is obsolete. Code should be updated to use the string index property like authorizer[\"numKey\"]")]
    public int? NumKey
    {
        get => TryGetValue("numKey", out var value) && int.TryParse(value?.ToString(), out var i) ? i : null;
        set => this["numKey"] = value;
    }

    /// <summary>The <c>boolKey</c> entry, if it is a boolean.</summary>
    [Obsolete("This property is obsolete. Code should be updated to use the string index property like authorizer[\"boolKey\"]")]
    public bool? BoolKey
    {
        get => TryGetValue("boolKey", out var value) && bool.TryParse(value?.ToString(), out var b) ? b : null;
        set => this["boolKey"] = value;
    }

    /// <summary>The string-valued claims of the <c>claims</c> entry, as a Cognito user pool authorizer sets them.</summary>
    public Dictionary<string, string> Claims
    {
        get
        {
            if (_claims == null)
            {
                _claims = new Dictionary<string, string>();
                if (TryGetValue("claims", out var value) && value is JsonElement { ValueKind: JsonValueKind.Object } claims)
                {
                    foreach (var property in claims.EnumerateObject())
                    {
                        if (property.Value.ValueKind == JsonValueKind.String)
                        {
                            _claims[property.Name] = property.Value.GetString();
                        }
                    }
                }
            }

            return _claims;
        }

        set => _claims = value;
    }
}
