using Faas.Worker.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.Invocations;

/// <summary>
/// A zip built against another Amazon.Lambda.Core (AWS's own packages, say: other version, other strong-name key)
/// runs unchanged: the host answers every request for that assembly with its own copy.
/// </summary>
public sealed class ForeignCoreTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    [Fact]
    public async Task InvokeAsync_HandlerCompiledAgainstForeignCore_RunsWithTheHostsCore()
    {
        var spec = FunctionSpecBuilder.DotNet(Fixture.ForeignCoreFunction, "ForeignCoreFunction::ForeignCoreFunction.Function::Handle").Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);

        var result = await environment.InvokeAsync("{}", InvokeOptions.WithTail, TestTimeout);

        InvokeAssert.Succeeded(result);
        var body = result.ReadJson<ForeignCoreResult>();
        Assert.Equal(result.RequestId, body.RequestId);
        Assert.Equal(spec.FunctionName, body.Function);
        Assert.Equal("1.0.0.0", body.CoreVersion);
        Assert.Contains("context logger says hello", result.LogTail, StringComparison.Ordinal);
        Assert.Contains("static logger says hello", result.LogTail, StringComparison.Ordinal);
    }

    private sealed record ForeignCoreResult(string RequestId, string Function, string CoreVersion);
}
