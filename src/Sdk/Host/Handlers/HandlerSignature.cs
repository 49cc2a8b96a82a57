using System.Reflection;
using System.Runtime.CompilerServices;
using Amazon.Lambda.Core;

namespace Faas.Host.Handlers;

/// <summary>Checks a handler type and method against Lambda's rules (LAMBDA-COMPAT 4.1, 4.2) and describes its shape.</summary>
internal static class HandlerSignature
{
    /// <summary>Validates <paramref name="method"/> on <paramref name="type"/>; throws <see cref="HandlerInitException"/> (Runtime.InvalidEntrypoint).</summary>
    public static HandlerShape Analyze(Type type, MethodInfo method)
    {
        ValidateType(type, method);
        ValidateMethod(method);
        var parameters = method.GetParameters();
        return new HandlerShape(ParametersOf(method, parameters, out var inputType), inputType, ReturnOf(method, out var outputType), outputType);
    }

    private static void ValidateType(Type type, MethodInfo method)
    {
        if (type.ContainsGenericParameters)
        {
            throw Invalid(method, $"the type '{type.FullName}' is generic");
        }

        if (!type.IsClass && !type.IsValueType)
        {
            throw Invalid(method, $"the type '{type.FullName}' is not a class or struct");
        }

        if (!method.IsStatic)
        {
            if (type.IsAbstract)
            {
                throw Invalid(method, $"the method is an instance method and the type '{type.FullName}' is abstract or static");
            }

            if (type.IsClass && type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw Invalid(method, $"the method is an instance method and the type '{type.FullName}' has no public parameterless constructor");
            }
        }
    }

    private static void ValidateMethod(MethodInfo method)
    {
        if (method.IsAbstract)
        {
            throw Invalid(method, "the method is abstract");
        }

        if (method.ContainsGenericParameters)
        {
            throw Invalid(method, "the method is generic");
        }

        if ((method.CallingConvention & CallingConventions.VarArgs) != 0)
        {
            throw Invalid(method, "the method takes variable arguments (__arglist)");
        }

        if (method.ReturnType == typeof(void) && method.IsDefined(typeof(AsyncStateMachineAttribute), inherit: false))
        {
            throw Invalid(method, "the method is 'async void'; return Task instead");
        }

        if (method.ReturnType.IsByRef || method.ReturnType.IsPointer || method.ReturnType.IsByRefLike)
        {
            throw Invalid(method, $"the return type '{method.ReturnType}' cannot be returned from a handler");
        }

        var parameters = method.GetParameters();
        if (parameters.Length > 0 && parameters[^1].IsDefined(typeof(ParamArrayAttribute), inherit: false))
        {
            throw Invalid(method, "the last parameter is a 'params' array");
        }

        foreach (var parameter in parameters)
        {
            var type = parameter.ParameterType;
            if (type.IsByRef || type.IsPointer || type.IsByRefLike)
            {
                throw Invalid(method, $"the parameter '{parameter.Name}' is passed by reference or is a pointer or ref struct");
            }
        }
    }

    private static ParameterShape ParametersOf(MethodInfo method, ParameterInfo[] parameters, out Type? inputType)
    {
        inputType = null;
        switch (parameters.Length)
        {
            case 0:
                return ParameterShape.None;
            case 1 when parameters[0].ParameterType == typeof(ILambdaContext):
                return ParameterShape.ContextOnly;
            case 1:
                inputType = parameters[0].ParameterType;
                return ParameterShape.Input;
            case 2 when parameters[1].ParameterType == typeof(ILambdaContext):
                inputType = parameters[0].ParameterType;
                return ParameterShape.InputAndContext;
            case 2:
                throw Invalid(method, $"the second parameter must be '{typeof(ILambdaContext).FullName}' but is '{parameters[1].ParameterType.FullName}'");
            default:
                throw Invalid(method, $"it takes {parameters.Length} parameters; a handler takes at most 2 (input, ILambdaContext)");
        }
    }

    private static ReturnShape ReturnOf(MethodInfo method, out Type? outputType)
    {
        var returnType = method.ReturnType;
        outputType = null;
        if (returnType == typeof(void))
        {
            return ReturnShape.Void;
        }

        if (returnType == typeof(Task))
        {
            return ReturnShape.Task;
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            outputType = returnType.GetGenericArguments()[0];
            return ReturnShape.TaskOfValue;
        }

        outputType = returnType;
        return ReturnShape.Value;
    }

    private static HandlerInitException Invalid(MethodInfo method, string reason)
        => new(InitErrorTypes.InvalidEntrypoint, $"The handler method '{method}' in type '{method.DeclaringType?.FullName}' cannot be used: {reason}.");
}
