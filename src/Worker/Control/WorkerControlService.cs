using System.Diagnostics.CodeAnalysis;
using Faas.Worker.Environments;
using Faas.Worker.Hosting;
using Faas.Worker.Invocations;
using Faas.Worker.Packages;
using Grpc.Core;

namespace Faas.Worker.Control;

/// <summary>The scheduler's control of this worker over gRPC.</summary>
internal sealed class WorkerControlService(EnvironmentManager environments, StemCellPool stemCells, WorkerOptions options, WorkerEndpoints endpoints)
    : WorkerControl.WorkerControlBase
{
    public override async Task<EnvironmentInfo> StartEnvironment(StartEnvironmentRequest request, ServerCallContext context)
    {
        if (request.Function is null)
        {
            ThrowInvalidArgument("StartEnvironment needs a function.");
        }

        EnvironmentSpec spec;
        try
        {
            spec = EnvironmentSpec.From(request.Function, options);
        }
        catch (ArgumentException ex)
        {
            ThrowInvalidArgument(ex.Message);
            throw;
        }

        try
        {
            var environment = await environments.StartAsync(spec, context.CancellationToken);
            return Describe(environment);
        }
        catch (PackageException ex)
        {
            ThrowInvalidArgument($"{ex.ErrorType}: {ex.Message}");
            throw;
        }
        catch (WorkerCapacityException ex)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, ex.Message));
        }
    }

    public override async Task<EvictEnvironmentReply> EvictEnvironment(EvictEnvironmentRequest request, ServerCallContext context)
        => new() { Evicted = await environments.EvictAsync(request.EnvironmentId, request.Force) };

    public override async Task<DrainReply> Drain(DrainRequest request, ServerCallContext context)
        => new() { Evicted = await environments.DrainAsync() };

    public override Task<CapacityReport> GetCapacity(GetCapacityRequest request, ServerCallContext context)
    {
        var all = environments.Environments;
        return Task.FromResult(new CapacityReport
        {
            WorkerId = endpoints.WorkerId,
            MaxEnvironments = options.Environments.MaxEnvironments,
            Environments = all.Count,
            BusyEnvironments = all.Count(static e => e.State == Environments.EnvironmentState.Busy),
            ReadyStemCells = stemCells.ReadyCount,
            MemoryBudgetMb = environments.MemoryBudgetMb,
            MemoryReservedMb = environments.ReservedMemoryMb,
            Draining = environments.Draining,
            InvokeBaseUrl = endpoints.InvokeBaseUri.ToString(),
        });
    }

    public override Task<ListEnvironmentsReply> ListEnvironments(ListEnvironmentsRequest request, ServerCallContext context)
    {
        var reply = new ListEnvironmentsReply();
        foreach (var environment in environments.Environments)
        {
            reply.Environments.Add(Describe(environment));
        }

        return Task.FromResult(reply);
    }

    private EnvironmentInfo Describe(ExecutionEnvironment environment)
    {
        var state = environment.State;
        var failure = environment.InitFailure;
        return new EnvironmentInfo
        {
            EnvironmentId = environment.Id,
            FunctionName = environment.Spec.FunctionName,
            Version = environment.Spec.Version,
            State = state switch
            {
                Environments.EnvironmentState.Initializing => Control.EnvironmentState.Initializing,
                Environments.EnvironmentState.Ready => Control.EnvironmentState.Ready,
                Environments.EnvironmentState.Busy => Control.EnvironmentState.Busy,
                Environments.EnvironmentState.Failed => Control.EnvironmentState.Failed,
                _ => Control.EnvironmentState.Stopped,
            },
            InvokeUrl = new Uri(endpoints.InvokeBaseUri, InvokeEndpoint.PathFor(environment.Id)).ToString(),
            InitDurationMs = environment.InitDurationMs,
            FromStemCell = environment.FromStemCell,
            InitErrorType = failure?.ErrorType ?? "",
            InitErrorMessage = failure is null ? "" : System.Text.Encoding.UTF8.GetString(failure.ToBody("init")),
            MaxMemoryUsedMb = environment.MaxMemoryUsedMb,
            Invocations = environment.Invocations,
        };
    }

    [DoesNotReturn]
    private static void ThrowInvalidArgument(string message) => throw new RpcException(new Status(StatusCode.InvalidArgument, message));
}
