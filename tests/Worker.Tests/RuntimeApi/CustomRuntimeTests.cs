using Faas.Worker.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.RuntimeApi;

/// <summary>The Runtime API serves the shell-and-curl custom runtime from Lambda's tutorial unchanged.</summary>
public sealed class CustomRuntimeTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    [Fact]
    public async Task InvokeAsync_CurlBootstrap_EchoesEventWithPrefix()
    {
        var spec = FunctionSpecBuilder.Custom(Fixture.CurlBootstrap).Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);

        var first = await environment.InvokeAsync("""{"hello":"world"}""", InvokeOptions.WithTail, TestTimeout);
        var second = await environment.InvokeAsync("""{"n":2}""", cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(first);
        Assert.Equal("""Echoing request: '{"hello":"world"}'""", first.BodyText.TrimEnd('\n'));
        Assert.Equal("$LATEST", first.ExecutedVersion);
        Assert.Contains("""handling {"hello":"world"}""", first.LogTail, StringComparison.Ordinal);
        Assert.Contains($"REPORT RequestId: {first.RequestId}", first.LogTail, StringComparison.Ordinal);
        InvokeAssert.Succeeded(second);
        Assert.Equal("""Echoing request: '{"n":2}'""", second.BodyText.TrimEnd('\n'));
    }
}
