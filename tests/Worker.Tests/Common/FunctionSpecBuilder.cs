using Faas.Worker.Control;

namespace Faas.Worker.Tests.Common;

/// <summary>Test-data builder for <see cref="FunctionSpec"/> with Lambda's defaults for what a test does not care about.</summary>
public sealed class FunctionSpecBuilder
{
    /// <summary>The managed runtime the fixtures are built for (net10.0).</summary>
    public const string DotNetRuntime = "dotnet10";

    /// <summary>The custom runtime of the curl bootstrap.</summary>
    public const string CustomRuntime = "provided.al2023";

    private readonly FunctionSpec _spec;

    private FunctionSpecBuilder(FunctionPackage package, string runtime, string handler)
    {
        _spec = new FunctionSpec
        {
            FunctionName = UniqueName("fn"),
            Version = "$LATEST",
            Runtime = runtime,
            Handler = handler,
            MemoryMb = 256,
            TimeoutSeconds = 3,
            PackagePath = package.Path,
            CodeSha256 = package.CodeSha256,
        };
    }

    /// <summary>A .NET class-library function.</summary>
    public static FunctionSpecBuilder DotNet(FunctionPackage package, string handler) => new(package, DotNetRuntime, handler);

    /// <summary>A HandlerShapes handler given as <c>Type::Method</c>, e.g. <c>Functions::Echo</c>.</summary>
    public static FunctionSpecBuilder HandlerShapes(FunctionPackage package, string typeAndMethod)
        => DotNet(package, $"HandlerShapes::HandlerShapes.{typeAndMethod}");

    /// <summary>A custom-runtime function.</summary>
    public static FunctionSpecBuilder Custom(FunctionPackage package, string handler = "function.handler") => new(package, CustomRuntime, handler);

    /// <summary>A function name unique to this run, within Lambda's 64 characters.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    public FunctionSpecBuilder WithName(string name)
    {
        _spec.FunctionName = name;
        return this;
    }

    public FunctionSpecBuilder WithRuntime(string runtime)
    {
        _spec.Runtime = runtime;
        return this;
    }

    public FunctionSpecBuilder WithMemory(int megabytes)
    {
        _spec.MemoryMb = megabytes;
        return this;
    }

    public FunctionSpecBuilder WithTimeout(int seconds)
    {
        _spec.TimeoutSeconds = seconds;
        return this;
    }

    public FunctionSpecBuilder WithEnvironment(string name, string value)
    {
        _spec.Environment[name] = value;
        return this;
    }

    public FunctionSpec Build() => _spec.Clone();
}
