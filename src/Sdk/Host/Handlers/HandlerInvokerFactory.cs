using System.Reflection;
using Amazon.Lambda.Core;

namespace Faas.Host.Handlers;

/// <summary>
/// Binds a handler method to a typed delegate and wraps it in the matching generic <see cref="HandlerInvoker"/>. Reflection runs
/// here once at init; calls are plain delegate calls. Cheaper to start than compiling an expression tree.
/// </summary>
internal static class HandlerInvokerFactory
{
    /// <summary>Creates the invoker for <paramref name="method"/>, bound to <paramref name="target"/> when it is an instance method.</summary>
    public static HandlerInvoker Create(MethodInfo method, object? target, HandlerShape shape, ILambdaSerializer? serializer)
    {
        var raw = method.IsStatic ? method.CreateDelegate(DelegateType(method)) : method.CreateDelegate(DelegateType(method), target);

        // Handlers without input use Stream as a placeholder input type and never read it.
        var inputType = shape.InputType ?? typeof(Stream);
        var invokerType = shape.Return switch
        {
            ReturnShape.Void => typeof(VoidHandlerInvoker<>).MakeGenericType(inputType),
            ReturnShape.Task => typeof(TaskHandlerInvoker<>).MakeGenericType(inputType),
            ReturnShape.Value => typeof(ValueHandlerInvoker<,>).MakeGenericType(inputType, shape.OutputType!),
            _ => typeof(TaskOfValueHandlerInvoker<,>).MakeGenericType(inputType, shape.OutputType!),
        };

        try
        {
            return (HandlerInvoker)Activator.CreateInstance(invokerType, raw, shape.Parameters, serializer)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    private static Type DelegateType(MethodInfo method)
    {
        var parameters = method.GetParameters();
        var types = new Type[parameters.Length + (method.ReturnType == typeof(void) ? 0 : 1)];
        for (var i = 0; i < parameters.Length; i++)
        {
            types[i] = parameters[i].ParameterType;
        }

        if (method.ReturnType == typeof(void))
        {
            return types.Length switch
            {
                0 => typeof(Action),
                1 => typeof(Action<>).MakeGenericType(types),
                _ => typeof(Action<,>).MakeGenericType(types),
            };
        }

        types[^1] = method.ReturnType;
        return types.Length switch
        {
            1 => typeof(Func<>).MakeGenericType(types),
            2 => typeof(Func<,>).MakeGenericType(types),
            _ => typeof(Func<,,>).MakeGenericType(types),
        };
    }
}
