using System.Reflection;

namespace Faas.Cli.Tests.Common;

/// <summary>Where the build put what the tests use.</summary>
internal static class TestPaths
{
    /// <summary>The CLI in its own build output folder.</summary>
    public static string CliDll => Metadata("FaasCliPath");

    /// <summary>The repository's root folder.</summary>
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>The example function's source folder.</summary>
    public static string ExampleSource => Path.Combine(RepositoryRoot, "examples", "hello");

    /// <summary>A new empty folder under the temp folder.</summary>
    public static string NewTempFolder(string prefix = "faas-cli-tests")
    {
        var folder = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
