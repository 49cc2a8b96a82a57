using System.Reflection;
using Amazon.Lambda.Core;

namespace Faas.Host.Handlers;

/// <summary>
/// Finds and creates a handler's serializer (LAMBDA-COMPAT 4.3): <c>[LambdaSerializer]</c> on the method wins, else the one on
/// the assembly. The attribute is matched by its full type name, so a copy of Amazon.Lambda.Core loaded elsewhere still counts.
/// </summary>
internal static class SerializerLocator
{
    private const string AttributeTypeName = "Amazon.Lambda.Core.LambdaSerializerAttribute";

    /// <summary>The serializer type named by the method's or else the assembly's attribute, or null.</summary>
    public static Type? FindSerializerType(MethodInfo method, Assembly assembly)
        => FromAttributes(method.GetCustomAttributesData()) ?? FromAttributes(assembly.GetCustomAttributesData());

    /// <summary>Creates the serializer for <paramref name="serializerType"/>; throws <see cref="HandlerInitException"/> when it cannot.</summary>
    public static ILambdaSerializer Create(Type serializerType)
    {
        if (!typeof(ILambdaSerializer).IsAssignableFrom(serializerType))
        {
            throw new HandlerInitException(
                InitErrorTypes.InvalidEntrypoint,
                $"The serializer '{serializerType.FullName}' named by [LambdaSerializer] does not implement '{typeof(ILambdaSerializer).FullName}'.");
        }

        if (serializerType.IsAbstract || serializerType.ContainsGenericParameters
            || (serializerType.IsClass && serializerType.GetConstructor(Type.EmptyTypes) is null))
        {
            throw new HandlerInitException(
                InitErrorTypes.InvalidEntrypoint,
                $"The serializer '{serializerType.FullName}' named by [LambdaSerializer] needs a public parameterless constructor.");
        }

        try
        {
            return (ILambdaSerializer)Activator.CreateInstance(serializerType)!;
        }
        catch (Exception ex)
        {
            throw HandlerInitException.FromUserCode(ex);
        }
    }

    private static Type? FromAttributes(IList<CustomAttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (!string.Equals(attribute.AttributeType.FullName, AttributeTypeName, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var named in attribute.NamedArguments)
            {
                if (named.MemberName == "SerializerType" && named.TypedValue.Value is Type namedType)
                {
                    return namedType;
                }
            }

            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Value is Type type)
                {
                    return type;
                }
            }
        }

        return null;
    }
}
