using System.Reflection;
using System.Runtime.CompilerServices;

namespace Faas.Host.Handlers;

/// <summary>
/// Turns a loaded handler type into a callable handler, in .NET's runtime order (LAMBDA-COMPAT 4.8): find method -> validate ->
/// create the instance or run the static constructor -> create the serializer -> build the invoker.
/// </summary>
internal static class HandlerInitializer
{
    /// <summary>
    /// Initialises <paramref name="methodName"/> on <paramref name="type"/>; the assembly-level serializer is looked up on
    /// <paramref name="assembly"/> (the type's own by default). Throws <see cref="HandlerInitException"/>.
    /// </summary>
    public static LoadedHandler Initialize(Type type, string methodName, Assembly? assembly = null)
    {
        var method = HandlerMethodResolver.Find(type, methodName);
        var shape = HandlerSignature.Analyze(type, method);

        // 1. Constructor-time initialisation runs once per environment, at init.
        object? target = null;
        try
        {
            if (method.IsStatic)
            {
                RuntimeHelpers.RunClassConstructor(type.TypeHandle);
            }
            else
            {
                target = Activator.CreateInstance(type);
            }
        }
        catch (Exception ex)
        {
            throw HandlerInitException.FromUserCode(ex);
        }

        // 2. The serializer is created whenever one is named; it is required only when input or output is not a Stream.
        var serializerType = SerializerLocator.FindSerializerType(method, assembly ?? type.Assembly);
        var serializer = serializerType is null ? null : SerializerLocator.Create(serializerType);
        if (serializer is null && shape.NeedsSerializer)
        {
            throw new HandlerInitException(
                InitErrorTypes.InvalidEntrypoint,
                $"The handler method '{method}' in type '{type.FullName}' takes or returns types other than System.IO.Stream, so the method or its "
                + "assembly must be annotated with [Amazon.Lambda.Core.LambdaSerializer(typeof(...))].");
        }

        // 3. One typed delegate for the life of the environment.
        return new LoadedHandler(HandlerInvokerFactory.Create(method, target, shape, serializer), serializer);
    }
}
