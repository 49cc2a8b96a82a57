using Microsoft.AspNetCore.Http;

namespace Faas.Gateway.Auth;

/// <summary>What a Lambda API request needs: invocations need <see cref="AccessGrants.Invoke"/>, everything else <see cref="AccessGrants.Control"/>.</summary>
internal static class LambdaApiAccess
{
    /// <summary>Lambda's synchronous payload limit, the most an invocation body can be.</summary>
    public const long MaxInvokeBodyBytes = 6 * 1024 * 1024;

    /// <summary>
    /// The grant a request needs. Invoke (<c>/2015-03-31/functions/{name}/invocations</c>), the legacy InvokeAsync
    /// (<c>/2014-11-13/functions/{name}/invoke-async</c>) and InvokeWithResponseStream
    /// (<c>/2021-11-15/functions/{name}/response-streaming-invocations</c>) are invocations; any other path is control,
    /// so a path nobody serves is still refused to a key without the Control grant.
    /// </summary>
    public static AccessGrants Required(PathString path)
    {
        var value = path.Value.AsSpan().TrimEnd('/');
        Span<Range> parts = stackalloc Range[6];
        if (value.Split(parts, '/') != 5 || value[parts[0]].Length != 0 || !value[parts[2]].SequenceEqual("functions") || value[parts[3]].IsEmpty)
        {
            return AccessGrants.Control;
        }

        var version = value[parts[1]];
        var operation = value[parts[4]];
        var isInvoke = (version.SequenceEqual("2015-03-31") && operation.SequenceEqual("invocations"))
            || (version.SequenceEqual("2014-11-13") && operation.SequenceEqual("invoke-async"))
            || (version.SequenceEqual("2021-11-15") && operation.SequenceEqual("response-streaming-invocations"));
        return isInvoke ? AccessGrants.Invoke : AccessGrants.Control;
    }
}
