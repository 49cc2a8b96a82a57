using System.Globalization;

namespace Faas.Worker.Environments;

/// <summary>
/// Names every live environment and stem-cell process in a folder of the worker's data directory (one empty file
/// <c>PID-STARTTIME</c> each, beside a <c>worker</c> file naming the worker and the boot), so that a worker starting
/// on the same data directory after this one was killed can kill what outlived it: grandchildren the parent-death
/// signal does not reach, or everything when that signal was not available.
/// </summary>
internal sealed class ProcessRecords(string folder)
{
    private const string WorkerFile = "worker";

    /// <summary>What <see cref="ReapLeftovers"/> found.</summary>
    /// <param name="Recorded">Processes a previous run recorded and never saw end.</param>
    /// <param name="Killed">Of those, process groups (or processes) that were still alive and are now killed.</param>
    /// <param name="LiveWorker">The pid of another worker still running on this data directory, or 0.</param>
    public readonly record struct Leftovers(int Recorded, int Killed, int LiveWorker);

    /// <summary>
    /// Kills what a previous run of this data directory left running, forgets its records and claims the folder for
    /// this process. Records of another boot are dropped unread: a start time counts from boot.
    /// </summary>
    public Leftovers ReapLeftovers()
    {
        Directory.CreateDirectory(folder);
        var bootId = ProcFs.BootId();
        var self = Environment.ProcessId;
        var selfStart = ProcFs.StartTime(self) ?? 0;
        var previous = ReadWorker();
        if (previous is { } owner && owner.BootId == bootId && owner.Pid != self && ProcFs.StartTime(owner.Pid) == owner.StartTime)
        {
            // Another worker runs on this data directory (a misconfiguration): its environments are alive and in use.
            return new Leftovers(0, 0, owner.Pid);
        }

        var recorded = 0;
        var killed = 0;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(file);
            if (name == WorkerFile)
            {
                continue;
            }

            if (previous?.BootId == bootId && TryParseRecord(name, out var pid, out var startTime))
            {
                recorded++;
                if (Reap(pid, startTime))
                {
                    killed++;
                }
            }

            TryDelete(file);
        }

        File.WriteAllText(Path.Combine(folder, WorkerFile), FormattableString.Invariant($"{self} {selfStart} {bootId}\n"));
        return new Leftovers(recorded, killed, 0);
    }

    /// <summary>Records a process that has just started.</summary>
    public void Add(int pid, long startTime) => File.WriteAllBytes(Path.Combine(folder, RecordName(pid, startTime)), []);

    /// <summary>Forgets a process once it and its group are gone.</summary>
    public void Remove(int pid, long startTime) => TryDelete(Path.Combine(folder, RecordName(pid, startTime)));

    /// <summary>
    /// Kills a recorded process group if anything of it is left; true when something was. The pid alone is not
    /// trusted: a live process with that pid and another start time is someone else's (and then the recorded group
    /// is empty, as Linux hands out no pid that still names a process group). A leader that is gone may have left
    /// members, whose group id is still the recorded pid.
    /// </summary>
    private static bool Reap(int pid, long startTime)
    {
        var currentStart = ProcFs.StartTime(pid);
        if (currentStart is null)
        {
            return ProcessSignals.KillGroup(pid);
        }

        if (currentStart != startTime)
        {
            return false;
        }

        // The leader itself is still alive. It leads its own group unless the worker ran without setsid.
        var groupKilled = ProcFs.ProcessGroup(pid) == pid && ProcessSignals.KillGroup(pid);
        return ProcessSignals.KillProcess(pid) || groupKilled;
    }

    private (int Pid, long StartTime, string BootId)? ReadWorker()
    {
        try
        {
            var parts = File.ReadAllText(Path.Combine(folder, WorkerFile)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.Length == 3
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                ? (pid, start, parts[2])
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string RecordName(int pid, long startTime) => FormattableString.Invariant($"{pid}-{startTime}");

    private static bool TryParseRecord(string name, out int pid, out long startTime)
    {
        startTime = 0;
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        pid = 0;
        return dash > 0
            && int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out pid)
            && long.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out startTime);
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next start, which checks it again before acting on it.
        }
    }
}
