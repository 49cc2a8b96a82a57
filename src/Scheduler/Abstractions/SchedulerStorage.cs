namespace Faas.Scheduler.Abstractions;

/// <summary>Names of the Orleans grain storage providers the scheduler uses.</summary>
public static class SchedulerStorage
{
    /// <summary>Function registry state: configuration, versions, aliases, concurrency settings.</summary>
    public const string Functions = "functions";
}
