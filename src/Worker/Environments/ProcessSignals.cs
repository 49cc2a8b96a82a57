using System.Runtime.InteropServices;

namespace Faas.Worker.Environments;

/// <summary>SIGKILL for a process group, which <see cref="System.Diagnostics.Process"/> cannot send.</summary>
internal static partial class ProcessSignals
{
    private const int SigKill = 9;

    /// <summary>Kills every process of group <paramref name="groupId"/>; false when the group has no process left.</summary>
    public static bool KillGroup(int groupId) => groupId > 1 && Kill(-groupId, SigKill) == 0;

    /// <summary>Kills one process; false when it is gone.</summary>
    public static bool KillProcess(int pid) => pid > 1 && Kill(pid, SigKill) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
