using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Lambda.Core;
using Faas.Host.Hosting;
using Faas.Host.Json;
using Faas.Host.RuntimeApi;

namespace Faas.Host.Invocation;

/// <summary>The <see cref="ILambdaContext"/> of one invocation; client context and identity are parsed on first use.</summary>
internal sealed class LambdaContext(HostSettings settings, NextInvocation invocation, ILambdaLogger logger, ILambdaSerializer? serializer, TimeProvider time)
    : ILambdaContext
{
    private ClientContext? _clientContext;
    private CognitoIdentity? _identity;

    public string AwsRequestId => invocation.RequestId;

    public IClientContext ClientContext => _clientContext ??= Parse(invocation.ClientContextJson, HostJsonContext.Default.ClientContext)!;

    public string FunctionName => settings.FunctionName;

    public string FunctionVersion => settings.FunctionVersion;

    public ICognitoIdentity Identity => _identity ??= Parse(invocation.CognitoIdentityJson, HostJsonContext.Default.CognitoIdentity)!;

    public string InvokedFunctionArn => invocation.InvokedFunctionArn!;

    public ILambdaLogger Logger => logger;

    public string LogGroupName => settings.LogGroupName;

    public string LogStreamName => settings.LogStreamName;

    public int MemoryLimitInMB => settings.MemoryMb;

    public TimeSpan RemainingTime => TimeSpan.FromMilliseconds(invocation.DeadlineMs - time.GetUtcNow().ToUnixTimeMilliseconds());

    public string TenantId => invocation.TenantId!;

    public string TraceId => invocation.TraceId!;

    public ILambdaSerializer Serializer => serializer!;

    private static T? Parse<T>(string? json, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException)
        {
            // A malformed header must not fail the invocation; Lambda only forwards what the caller sent.
            return null;
        }
    }
}
