using Faas.Worker.Control;
using Faas.Worker.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.Environments;

/// <summary>Starting environments: stem cells, init success and init errors.</summary>
public sealed class EnvironmentStartTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    private const string InitFailureHandler = "InitFailure::InitFailure.Function::Handle";
    private const string InitFailureMarker = "Missing required setting TABLE_NAME";

    [Fact]
    public async Task StartEnvironment_ConstructorThrows_ReturnsFailedAndInvokeReturnsInitError()
    {
        var spec = FunctionSpecBuilder.DotNet(Fixture.InitFailure, InitFailureHandler).Build();
        await using var environment = await Worker.StartEnvironmentAsync(spec, TestTimeout);

        var result = await environment.InvokeAsync("\"order-1\"", InvokeOptions.WithTail, TestTimeout);

        Assert.Equal(EnvironmentState.Failed, environment.Info.State);
        Assert.False(string.IsNullOrEmpty(environment.Info.InitErrorType));
        Assert.Contains(InitFailureMarker, environment.Info.InitErrorMessage + result.BodyText, StringComparison.Ordinal);
        var error = InvokeAssert.FunctionError(result);
        Assert.Equal(environment.Info.InitErrorType, error.ErrorType);
        Assert.Contains(InitFailureMarker, result.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartEnvironment_ConstructorFindsItsConfiguration_ReturnsReady()
    {
        var spec = FunctionSpecBuilder.DotNet(Fixture.InitFailure, InitFailureHandler).WithEnvironment("TABLE_NAME", "orders").Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);

        var result = await environment.InvokeAsync("\"order-1\"", cancellationToken: TestTimeout);

        InvokeAssert.Succeeded(result);
        Assert.Equal($"\"{spec.FunctionName}: order-1\"", result.BodyText);
        Assert.True(environment.Info.InitDurationMs > 0, "A ready environment reports its init duration.");
        Assert.Equal(spec.FunctionName, environment.Info.FunctionName);
        Assert.Equal("$LATEST", environment.Info.Version);
        Assert.False(string.IsNullOrEmpty(environment.Info.InvokeUrl));
    }

    [Fact]
    public async Task StartEnvironment_StemCellReady_SpecializesItAndReplacesTheCell()
    {
        await Worker.WaitForCapacityAsync(c => c.ReadyStemCells >= 1, TestTimeout);
        var spec = FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, "Functions::Echo").Build();

        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);
        var result = await environment.InvokeAsync("""{"Message":"from a stem cell"}""", cancellationToken: TestTimeout);
        var capacity = await Worker.WaitForCapacityAsync(c => c.ReadyStemCells >= 1, TestTimeout);

        Assert.True(environment.Info.FromStemCell, "A .NET environment started while a stem cell was ready should come from it.");
        InvokeAssert.Succeeded(result);
        Assert.Equal(1, capacity.ReadyStemCells);
    }

    [Fact]
    public async Task StartEnvironment_CustomRuntime_DoesNotUseStemCell()
    {
        var spec = FunctionSpecBuilder.Custom(Fixture.CurlBootstrap).Build();

        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);

        Assert.False(environment.Info.FromStemCell);
    }
}
