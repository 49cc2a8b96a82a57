using System.Reflection;
using Faas.Host.Handlers;

namespace Faas.Host.Loading;

/// <summary>Loads the handler's assembly from the task root into its own <see cref="HandlerLoadContext"/> and finds the handler type.</summary>
internal static class HandlerTypeLoader
{
    /// <summary>Returns the type named by <paramref name="handler"/>; throws <see cref="HandlerInitException"/> (Runtime.HandlerNotFound).</summary>
    public static Type Load(HandlerString handler, string taskRoot)
    {
        var assembly = LoadAssembly(handler.AssemblyName, taskRoot);
        Type? type;
        try
        {
            type = assembly.GetType(handler.TypeName, throwOnError: false);
        }
        catch (Exception ex) when (ex is ArgumentException or FileNotFoundException or FileLoadException or BadImageFormatException or TypeLoadException)
        {
            throw new HandlerInitException(
                InitErrorTypes.HandlerNotFound, $"Unable to find type '{handler.TypeName}' in assembly '{handler.AssemblyName}': {ex.Message}");
        }

        return type ?? throw new HandlerInitException(
            InitErrorTypes.HandlerNotFound, $"Unable to find type '{handler.TypeName}' in assembly '{handler.AssemblyName}'.");
    }

    private static Assembly LoadAssembly(string assemblyPart, string taskRoot)
    {
        AssemblyName name;
        try
        {
            name = new AssemblyName(assemblyPart);
        }
        catch (Exception ex) when (ex is ArgumentException or FileLoadException)
        {
            throw new HandlerInitException(InitErrorTypes.MalformedHandlerName, $"The assembly part '{assemblyPart}' of the handler is not an assembly name.");
        }

        var path = Path.Combine(taskRoot, name.Name + ".dll");
        if (!File.Exists(path))
        {
            throw new HandlerInitException(
                InitErrorTypes.HandlerNotFound, $"Unable to load assembly '{assemblyPart}'. No file '{name.Name}.dll' in the task root '{taskRoot}'.");
        }

        try
        {
            return new HandlerLoadContext(taskRoot, path).LoadFromAssemblyPath(path);
        }
        catch (Exception ex) when (ex is FileLoadException or BadImageFormatException or FileNotFoundException)
        {
            throw new HandlerInitException(InitErrorTypes.HandlerNotFound, $"Unable to load assembly '{assemblyPart}': {ex.Message}");
        }
    }
}
