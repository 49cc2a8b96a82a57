using System.Diagnostics;

namespace Faas.Worker.Environments;

/// <summary>A process the <see cref="ProcessSpawner"/> started, with what names it for good and how it was started.</summary>
/// <param name="Process">The started process.</param>
/// <param name="Pid">Its process id.</param>
/// <param name="StartTime">Its start time in clock ticks since boot; 0 when it exited before it could be read.</param>
/// <param name="OwnGroup">True when it leads a process group of its own (started through <c>setsid</c>).</param>
internal sealed record SpawnedProcess(Process Process, int Pid, long StartTime, bool OwnGroup);
