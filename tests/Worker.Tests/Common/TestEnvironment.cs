using System.Text;
using Faas.Worker.Control;

namespace Faas.Worker.Tests.Common;

/// <summary>An environment a test started; disposing it evicts it so the worker's slots stay free for later tests.</summary>
public sealed class TestEnvironment(WorkerHost worker, FunctionSpec spec, EnvironmentInfo info) : IAsyncDisposable
{
    public FunctionSpec Spec { get; } = spec;

    public EnvironmentInfo Info { get; } = info;

    public string Id => Info.EnvironmentId;

    public Task<InvokeResult> InvokeAsync(string payload, InvokeOptions? options = null, CancellationToken cancellationToken = default)
        => worker.InvokeAsync(Info.InvokeUrl, Encoding.UTF8.GetBytes(payload), options, cancellationToken);

    public Task<InvokeResult> InvokeAsync(byte[] payload, InvokeOptions? options = null, CancellationToken cancellationToken = default)
        => worker.InvokeAsync(Info.InvokeUrl, payload, options, cancellationToken);

    public async ValueTask DisposeAsync() => await worker.TryEvictAsync(Id);
}
