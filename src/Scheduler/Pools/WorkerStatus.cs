namespace Faas.Scheduler.Pools;

/// <summary>What the directory knows of a worker's health.</summary>
internal enum WorkerStatus
{
    /// <summary>Not polled successfully yet.</summary>
    Unknown,

    /// <summary>Answering polls.</summary>
    Alive,

    /// <summary>Stopped answering (or refused connections): its environments are dropped from every pool.</summary>
    Lost,
}
