using System.IO.Compression;
using System.Security.Cryptography;
using Faas.Worker.Control;

namespace Faas.Benchmarks;

/// <summary>The HandlerShapes fixture zipped flat (as `dotnet lambda package` does) with its CodeSha256.</summary>
internal sealed record FixturePackage(string ZipPath, string CodeSha256)
{
    /// <summary>The runtime the fixture is built for (net10.0).</summary>
    public const string Runtime = "dotnet10";

    /// <summary>Zips <c>fixtures/HandlerShapes/</c> beside this program into a temporary file.</summary>
    public static FixturePackage Build()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "HandlerShapes");
        if (!File.Exists(Path.Combine(folder, "HandlerShapes.dll")))
        {
            throw new InvalidOperationException($"The HandlerShapes fixture was not copied to {folder}; build the benchmark project first.");
        }

        var zipPath = Path.Combine(Path.GetTempPath(), $"faas-bench-handlershapes-{Guid.NewGuid():N}.zip");
        ZipFile.CreateFromDirectory(folder, zipPath, CompressionLevel.Fastest, includeBaseDirectory: false);
        using var stream = File.OpenRead(zipPath);
        return new FixturePackage(zipPath, Convert.ToBase64String(SHA256.HashData(stream)));
    }

    /// <summary>A function of this package with handler <c>HandlerShapes::HandlerShapes.{typeAndMethod}</c>.</summary>
    public FunctionSpec Function(string name, string typeAndMethod) => new()
    {
        FunctionName = name,
        Version = "$LATEST",
        Runtime = Runtime,
        Handler = $"HandlerShapes::HandlerShapes.{typeAndMethod}",
        MemoryMb = 128,
        TimeoutSeconds = 10,
        PackagePath = ZipPath,
        CodeSha256 = CodeSha256,
    };
}
