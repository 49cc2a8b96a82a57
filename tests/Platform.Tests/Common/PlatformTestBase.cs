using Xunit.Abstractions;

namespace Faas.Platform.Tests.Common;

/// <summary>Routes the platform's logs to the running test's output.</summary>
public abstract class PlatformTestBase : IDisposable
{
    protected PlatformTestBase(PlatformFixture fixture, ITestOutputHelper output)
    {
        Fixture = fixture;
        Fixture.Output.Attach(output);
    }

    /// <summary>The execution role every test function is created with (accepted and echoed, as Lambda does).</summary>
    protected const string Role = "arn:aws:iam::000000000000:role/lambda-role";

    protected PlatformFixture Fixture { get; }

    /// <summary>Writes zip bytes to a temporary file the CLI can read with <c>fileb://</c>.</summary>
    protected string ZipFile(byte[] zip)
    {
        var path = Path.Combine(Fixture.RootDirectory, "cli-zips", $"{Guid.NewGuid():N}.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, zip);
        return path;
    }

    /// <summary>A function name no other test uses.</summary>
    protected static string UniqueName(string prefix = "fn") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    public void Dispose()
    {
        Fixture.Output.Detach();
        GC.SuppressFinalize(this);
    }
}
