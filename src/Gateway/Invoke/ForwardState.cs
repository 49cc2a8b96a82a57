using System.Globalization;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Faas.Gateway.Invoke;

/// <summary>One Invoke API request on its way to a worker: what the transformer adds, and what it reads back.</summary>
internal sealed class ForwardState(HttpContext context, byte[] payload, int length, string requestId, string invokedFunctionArn, ForwarderRequestConfig config)
{
    public HttpContext Context { get; } = context;

    public byte[] Payload { get; } = payload;

    public int Length { get; } = length;

    public string RequestId { get; } = requestId;

    public string InvokedFunctionArn { get; } = invokedFunctionArn;

    public ForwarderRequestConfig Config { get; } = config;

    /// <summary>The worker answered 404/409 for the environment: nothing was written; retry on another lease.</summary>
    public bool EnvironmentGone { get; set; }

    public int StatusCode { get; set; }

    public bool FunctionError { get; set; }

    public string? ExecutedVersion { get; set; }

    public double? DurationMs { get; set; }

    public double? InitDurationMs { get; set; }

    /// <summary>Clears what a previous attempt read back.</summary>
    public void Reset()
    {
        EnvironmentGone = false;
        StatusCode = 0;
        FunctionError = false;
        ExecutedVersion = null;
        DurationMs = null;
        InitDurationMs = null;
    }

    public static double? ParseMilliseconds(string? value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? ms : null;
}
