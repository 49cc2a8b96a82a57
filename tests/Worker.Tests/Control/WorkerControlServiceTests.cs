using System.Net;
using Faas.Worker.Control;
using Faas.Worker.Tests.Common;
using Grpc.Core;
using Xunit.Abstractions;

namespace Faas.Worker.Tests.Control;

/// <summary>The scheduler's gRPC view of a worker: capacity, the environment list, eviction and draining.</summary>
public sealed class WorkerControlServiceTests(WorkerFixture fixture, ITestOutputHelper output) : WorkerTestBase(fixture, output)
{
    [Fact]
    public async Task GetCapacity_RunningWorker_ReportsLimitsAndInvokeBaseUrl()
    {
        var capacity = await Worker.Control.GetCapacityAsync(new GetCapacityRequest(), cancellationToken: TestTimeout);

        Assert.False(string.IsNullOrEmpty(capacity.WorkerId));
        Assert.Equal(16, capacity.MaxEnvironments);
        Assert.InRange(capacity.Environments, 0, 16);
        Assert.InRange(capacity.BusyEnvironments, 0, capacity.Environments);
        Assert.False(capacity.Draining);
        Assert.True(Uri.TryCreate(capacity.InvokeBaseUrl, UriKind.Absolute, out _), $"'{capacity.InvokeBaseUrl}' is not an absolute URL.");
    }

    [Fact]
    public async Task GetCapacity_EnvironmentStarted_CountsIt()
    {
        var before = await Worker.Control.GetCapacityAsync(new GetCapacityRequest(), cancellationToken: TestTimeout);
        await using var environment = await StartEchoAsync();

        var during = await Worker.Control.GetCapacityAsync(new GetCapacityRequest(), cancellationToken: TestTimeout);

        Assert.Equal(before.Environments + 1, during.Environments);
        Assert.True(during.MemoryReservedMb >= before.MemoryReservedMb + 256, $"Reserved {before.MemoryReservedMb} MB then {during.MemoryReservedMb} MB.");
    }

    [Fact]
    public async Task ListEnvironments_AfterInvocations_ListsEnvironmentWithItsCount()
    {
        await using var environment = await StartEchoAsync();
        InvokeAssert.Succeeded(await environment.InvokeAsync("{}", cancellationToken: TestTimeout));
        InvokeAssert.Succeeded(await environment.InvokeAsync("{}", cancellationToken: TestTimeout));

        var listed = await Worker.FindEnvironmentAsync(environment.Id, TestTimeout);

        Assert.NotNull(listed);
        Assert.Equal(environment.Spec.FunctionName, listed.FunctionName);
        Assert.Equal("$LATEST", listed.Version);
        Assert.Equal(EnvironmentState.Ready, listed.State);
        Assert.Equal(environment.Info.InvokeUrl, listed.InvokeUrl);
        Assert.Equal(2, listed.Invocations);
    }

    [Fact]
    public async Task EvictEnvironment_IdleEnvironment_RemovesItAndInvokeReturns404()
    {
        var environment = await StartEchoAsync();

        var reply = await Worker.Control.EvictEnvironmentAsync(new EvictEnvironmentRequest { EnvironmentId = environment.Id }, cancellationToken: TestTimeout);
        await Worker.WaitUntilGoneAsync(environment.Id, TestTimeout);
        var result = await environment.InvokeAsync("{}", cancellationToken: TestTimeout);

        Assert.True(reply.Evicted);
        InvokeAssert.ApiError(result, HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Fact]
    public async Task EvictEnvironment_BusyWithoutForce_LetsTheInvocationFinish()
    {
        var spec = FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, "Functions::Sleep").WithTimeout(30).Build();
        await using var environment = await Worker.StartReadyEnvironmentAsync(spec, TestTimeout);
        var running = environment.InvokeAsync("""{"Milliseconds":2000}""", cancellationToken: TestTimeout);
        await Worker.WaitForStateAsync(environment.Id, EnvironmentState.Busy, TestTimeout);

        var reply = await Worker.Control.EvictEnvironmentAsync(new EvictEnvironmentRequest { EnvironmentId = environment.Id, Force = false }, cancellationToken: TestTimeout);
        var finished = await running;
        await Worker.WaitUntilGoneAsync(environment.Id, TestTimeout);

        Assert.True(reply.Evicted);
        InvokeAssert.Succeeded(finished);
    }

    [Fact]
    public async Task EvictEnvironment_UnknownId_DoesNotEvictAnything()
    {
        var before = await Worker.Control.GetCapacityAsync(new GetCapacityRequest(), cancellationToken: TestTimeout);

        try
        {
            var reply = await Worker.Control.EvictEnvironmentAsync(new EvictEnvironmentRequest { EnvironmentId = "no-such-environment" }, cancellationToken: TestTimeout);
            Assert.False(reply.Evicted);
        }
        catch (RpcException e)
        {
            Assert.Equal(StatusCode.NotFound, e.StatusCode);
        }

        var after = await Worker.Control.GetCapacityAsync(new GetCapacityRequest(), cancellationToken: TestTimeout);
        Assert.Equal(before.Environments, after.Environments);
    }

    [Fact]
    public async Task Drain_WithEnvironments_EvictsThemAndRefusesNewOnes()
    {
        // Draining is one-way, so this test has a worker of its own.
        var output = new TestOutputLoggerProvider();
        output.Attach(Output);
        await using var worker = await WorkerHost.StartAsync(output: output);
        var package = new FunctionPackageBuilder()
            .AddFolder(WorkerFixture.FixtureFolder("HandlerShapes"))
            .Build(Path.Combine(worker.RootDirectory, "packages", "HandlerShapes.zip"));
        var spec = FunctionSpecBuilder.HandlerShapes(package, "Functions::Echo").Build();
        var environment = await worker.StartReadyEnvironmentAsync(spec, TestTimeout);

        var drained = await worker.Control.DrainAsync(new DrainRequest(), cancellationToken: TestTimeout);
        var capacity = await worker.Control.GetCapacityAsync(new GetCapacityRequest(), cancellationToken: TestTimeout);
        var refused = await Assert.ThrowsAsync<RpcException>(() => worker.StartEnvironmentAsync(spec, TestTimeout));
        var invoke = await environment.InvokeAsync("{}", cancellationToken: TestTimeout);

        Assert.True(drained.Evicted >= 1, $"Drain evicted {drained.Evicted} environments.");
        Assert.True(capacity.Draining);
        Output.WriteLine($"StartEnvironment while draining: {refused.Status}");
        Assert.NotEqual(StatusCode.OK, refused.StatusCode);
        InvokeAssert.ApiError(invoke, HttpStatusCode.NotFound, "ResourceNotFoundException");
        output.Detach();
    }

    private Task<TestEnvironment> StartEchoAsync()
        => Worker.StartReadyEnvironmentAsync(FunctionSpecBuilder.HandlerShapes(Fixture.HandlerShapes, "Functions::Echo").Build(), TestTimeout);

}
