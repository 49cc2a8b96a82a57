using Faas.Worker.Control;
using Faas.Worker.Tests.Common;
using Grpc.Core;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.Control;

/// <summary>A function description outside Lambda's rules is refused with a message naming the problem, and changes nothing.</summary>
public sealed class StartEnvironmentValidationTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    [Theory]
    [InlineData("runtime", "Runtime 'python3.12'")]
    [InlineData("memory-low", "MemorySize 64")]
    [InlineData("memory-high", "MemorySize 20000")]
    [InlineData("timeout", "Timeout 901")]
    [InlineData("reserved-variable", "'AWS_REGION' is reserved")]
    [InlineData("bad-variable", "name '1BAD'")]
    [InlineData("name", "FunctionName 'no spaces allowed'")]
    [InlineData("version", "Version 'latest'")]
    public async Task StartEnvironment_InvalidFunction_IsRefusedNamingTheProblemAndStartsNothing(string problem, string expected)
    {
        var spec = Invalid(problem);
        var before = await Worker.Control.ListEnvironmentsAsync(new ListEnvironmentsRequest(), cancellationToken: TestTimeout);

        var error = await Assert.ThrowsAsync<RpcException>(() => Worker.Control.StartEnvironmentAsync(
            new StartEnvironmentRequest { Function = spec }, cancellationToken: TestTimeout).ResponseAsync);
        var after = await Worker.Control.ListEnvironmentsAsync(new ListEnvironmentsRequest(), cancellationToken: TestTimeout);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(expected, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before.Environments.Count, after.Environments.Count);
    }

    [Fact]
    public async Task StartEnvironment_NoFunction_IsRefused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Worker.Control.StartEnvironmentAsync(
            new StartEnvironmentRequest(), cancellationToken: TestTimeout).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    private FunctionSpec Invalid(string problem)
    {
        var builder = FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, "Functions::Echo");
        var spec = problem switch
        {
            "runtime" => builder.WithRuntime("python3.12").Build(),
            "memory-low" => builder.WithMemory(64).Build(),
            "memory-high" => builder.WithMemory(20000).Build(),
            "timeout" => builder.WithTimeout(901).Build(),
            "reserved-variable" => builder.WithEnvironment("AWS_REGION", "eu-west-1").Build(),
            "bad-variable" => builder.WithEnvironment("1BAD", "x").Build(),
            "name" => builder.WithName("no spaces allowed").Build(),
            "version" => builder.Build(),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        if (problem == "version")
        {
            spec.Version = "latest";
        }

        return spec;
    }
}
