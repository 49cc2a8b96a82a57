namespace Faas.Worker.Environments;

/// <summary>The worker cannot take another environment now (draining, out of memory budget or ports).</summary>
internal sealed class WorkerCapacityException(string message) : Exception(message);
