using System.Text.Json.Serialization;
using Amazon.Lambda.Core;

namespace Faas.Host.Invocation;

/// <summary>The <c>Lambda-Runtime-Cognito-Identity</c> JSON: <c>{"cognitoIdentityId":..,"cognitoIdentityPoolId":..}</c>.</summary>
internal sealed class CognitoIdentity : ICognitoIdentity
{
    [JsonPropertyName("cognitoIdentityId")]
    public string IdentityId { get; set; } = null!;

    [JsonPropertyName("cognitoIdentityPoolId")]
    public string IdentityPoolId { get; set; } = null!;
}
