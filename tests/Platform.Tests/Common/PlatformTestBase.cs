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

    protected PlatformFixture Fixture { get; }

    /// <summary>A function name no other test uses.</summary>
    protected static string UniqueName(string prefix = "fn") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    public void Dispose()
    {
        Fixture.Output.Detach();
        GC.SuppressFinalize(this);
    }
}
