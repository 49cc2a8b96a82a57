using System.Reflection;
using System.Text;

namespace Faas.Host.Handlers;

/// <summary>Finds the handler method on its type the way .NET's Lambda runtime does (LAMBDA-COMPAT 4.1).</summary>
internal static class HandlerMethodResolver
{
    private const BindingFlags Flags = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>
    /// Looks up <paramref name="methodName"/> by name on <paramref name="type"/> and then its base types; an overloaded name is an
    /// error listing the candidates. When no method has that name, compares it with each method's <c>ToString()</c> signature.
    /// </summary>
    public static MethodInfo Find(Type type, string methodName)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var methods = current.GetMethods(Flags);
            MethodInfo? match = null;
            var count = 0;
            foreach (var method in methods)
            {
                if (string.Equals(method.Name, methodName, StringComparison.Ordinal))
                {
                    match = method;
                    count++;
                }
            }

            if (count > 1)
            {
                throw Overloaded(type, methodName, methods);
            }

            if (match is not null)
            {
                return match;
            }
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var method in current.GetMethods(Flags))
            {
                if (string.Equals(method.ToString(), methodName, StringComparison.Ordinal))
                {
                    return method;
                }
            }
        }

        throw new HandlerInitException(InitErrorTypes.HandlerNotFound, $"Unable to find method '{methodName}' in type '{type.FullName}'.");
    }

    private static HandlerInitException Overloaded(Type type, string methodName, MethodInfo[] methods)
    {
        var message = new StringBuilder()
            .Append("The method '").Append(methodName).Append("' in type '").Append(type.FullName)
            .Append("' is overloaded; handlers cannot be overloaded. Use one of these signatures as the method part of the handler, or rename the overloads:");
        foreach (var method in methods)
        {
            if (string.Equals(method.Name, methodName, StringComparison.Ordinal))
            {
                message.Append(Environment.NewLine).Append(method);
            }
        }

        return new HandlerInitException(InitErrorTypes.InvalidEntrypoint, message.ToString());
    }
}
