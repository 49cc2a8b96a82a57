using System.Diagnostics;
using Faas.Worker.Environments;

namespace Faas.Worker.Tests.Environments;

/// <summary>The /proc readings the memory watchdog and the process records rely on, checked against the kernel's own figures.</summary>
public sealed class ProcFsTests
{
    [Fact]
    public async Task Tree_ShellWithChildAndGrandchild_ListsEveryDescendantOnce()
    {
        using var shell = StartShell("sleep 60 & sh -c 'sleep 60 & wait' & wait");
        try
        {
            // The shell starts its children asynchronously: wait until the whole tree exists (root, two children, one grandchild).
            var tree = await UntilAsync(() => ProcFs.Tree(shell.Id).ToList(), static t => t.Count == 4);

            Assert.Equal(shell.Id, tree[0]);
            Assert.Equal(tree.Count, tree.Distinct().Count());
            Assert.Single(tree, pid => CommandLine(pid) == "sh -c sleep 60 & wait");
            Assert.Equal(2, tree.Count(pid => CommandLine(pid) == "sleep 60"));
        }
        finally
        {
            shell.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task ResidentBytes_SleepingProcess_EqualsTheKernelsVmRss()
    {
        using var sleeper = StartShell("exec sleep 60");
        try
        {
            await UntilAsync(() => CommandLine(sleeper.Id), static c => c == "sleep 60");
            var ours = ProcFs.ResidentBytes(sleeper.Id);

            Assert.True(ours > 0);
            Assert.Equal(VmRssBytes(sleeper.Id), ours);
        }
        finally
        {
            sleeper.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task ResidentBytesOfTree_IsTheSumOfItsMembers_AndZeroOnceGone()
    {
        using var shell = StartShell("sleep 60 & sleep 60 & wait");
        var tree = await UntilAsync(() => ProcFs.Tree(shell.Id).ToList(), static t => t.Count == 3);

        Assert.Equal(tree.Sum(VmRssBytes), ProcFs.ResidentBytesOfTree(shell.Id));

        shell.Kill(entireProcessTree: true);
        await shell.WaitForExitAsync();
        Assert.Equal(0, ProcFs.ResidentBytesOfTree(shell.Id));
    }

    private static Process StartShell(string script)
    {
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        return Process.Start(start)!;
    }

    private static async Task<T> UntilAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            value = read();
        }

        return value;
    }

    private static string CommandLine(int pid)
        => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();

    // VmRSS from /proc/PID/status, in kB.
    private static long VmRssBytes(int pid)
        => long.Parse(File.ReadLines($"/proc/{pid}/status").Single(static l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
}
