using Amazon.Lambda.Core;

namespace Faas.Host.Handlers;

/// <summary>
/// Calls a handler with one event. Built once at init from a typed delegate bound to the handler method, so a call is
/// a delegate call with no reflection.
/// </summary>
internal abstract class HandlerInvoker
{
    /// <summary>
    /// Runs the handler on <paramref name="input"/>. A serialized result is written to <paramref name="output"/> and null is
    /// returned; a handler that returns a <see cref="Stream"/> gets that stream returned, to be posted raw.
    /// </summary>
    public abstract ValueTask<Stream?> InvokeAsync(Stream input, ILambdaContext context, Stream output);
}
