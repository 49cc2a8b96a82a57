using Xunit.Abstractions;

namespace Faas.Worker.Tests.Common;

/// <summary>Routes the shared worker's logs to the running test's output and bounds each test.</summary>
[Collection(WorkerCollection.Name)]
public abstract class WorkerTestBase : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(120));

    protected WorkerTestBase(WorkerFixture fixture, ITestOutputHelper output)
    {
        Fixture = fixture;
        Output = output;
        fixture.Worker.Output.Attach(output);
    }

    protected WorkerFixture Fixture { get; }

    protected WorkerHost Worker => Fixture.Worker;

    protected ITestOutputHelper Output { get; }

    /// <summary>Cancels the test's calls after two minutes so a hang fails the test instead of the run.</summary>
    protected CancellationToken TestTimeout => _timeout.Token;

    public void Dispose()
    {
        Fixture.Worker.Output.Detach();
        _timeout.Dispose();
        GC.SuppressFinalize(this);
    }
}
