using Amazon.Lambda.Core;

namespace Faas.Host.Handlers;

/// <summary>An initialised handler: its invoker and the serializer exposed as <see cref="ILambdaContext.Serializer"/>.</summary>
internal sealed record LoadedHandler(HandlerInvoker Invoker, ILambdaSerializer? Serializer);
