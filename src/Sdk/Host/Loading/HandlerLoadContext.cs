using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Amazon.Lambda.Core;

namespace Faas.Host.Loading;

/// <summary>
/// The load context of one handler: its assemblies come from its deps.json and task root, every request for
/// Amazon.Lambda.Core gets the host's own copy (whatever version or key the handler was built against), and anything else
/// falls back to the default context (the shared framework).
/// </summary>
internal sealed class HandlerLoadContext : AssemblyLoadContext
{
    private const string CoreAssemblyName = "Amazon.Lambda.Core";

    private static readonly Assembly CoreAssembly = typeof(ILambdaContext).Assembly;

    private readonly string _taskRoot;
    private readonly AssemblyDependencyResolver? _resolver;

    /// <summary>Creates the context for <paramref name="mainAssemblyPath"/> in <paramref name="taskRoot"/>.</summary>
    public HandlerLoadContext(string taskRoot, string mainAssemblyPath)
        : base("Faas.Handler", isCollectible: false)
    {
        _taskRoot = taskRoot;
        try
        {
            _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        }
        catch (InvalidOperationException)
        {
            // No usable deps.json: probing the task root is all there is.
            _resolver = null;
        }
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (string.Equals(assemblyName.Name, CoreAssemblyName, StringComparison.OrdinalIgnoreCase))
        {
            return CoreAssembly;
        }

        var path = _resolver?.ResolveAssemblyToPath(assemblyName) ?? Probe(assemblyName.Name);
        if (path is null || PreferFramework(assemblyName, path))
        {
            return null;
        }

        return LoadFromAssemblyPath(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        if (path is null)
        {
            foreach (var candidate in (ReadOnlySpan<string>)[unmanagedDllName, "lib" + unmanagedDllName + ".so", unmanagedDllName + ".so"])
            {
                var probe = Path.Combine(_taskRoot, candidate);
                if (File.Exists(probe))
                {
                    path = probe;
                    break;
                }
            }
        }

        return path is null ? IntPtr.Zero : NativeLibrary.Load(path);
    }

    private string? Probe(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var path = Path.Combine(_taskRoot, name + ".dll");
        return File.Exists(path) ? path : null;
    }

    // Like the default host's conflict resolution: a framework assembly wins over an app copy that is not newer.
    private static bool PreferFramework(AssemblyName requested, string appPath)
    {
        var frameworkPath = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), requested.Name + ".dll");
        if (!File.Exists(frameworkPath))
        {
            return false;
        }

        try
        {
            var appVersion = AssemblyName.GetAssemblyName(appPath).Version;
            var frameworkVersion = AssemblyName.GetAssemblyName(frameworkPath).Version;
            return appVersion is null || frameworkVersion is null || frameworkVersion >= appVersion;
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
