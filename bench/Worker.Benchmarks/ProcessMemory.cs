using System.Globalization;

namespace Faas.Benchmarks;

/// <summary>Resident memory of a process from <c>/proc/&lt;pid&gt;/status</c>, in MB.</summary>
/// <remarks>
/// RSS counts shared, file-backed pages (libcoreclr, ReadyToRun framework images) in full in every process; PSS divides
/// them among the processes mapping them and USS (private pages) is what one more environment really adds.
/// </remarks>
internal readonly record struct ProcessMemory(int Pid, double RssMb, double RssAnonMb, double RssFileMb, double PssMb, double UssMb)
{
    public static ProcessMemory? Read(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/status");
        }
        catch (IOException)
        {
            return null;
        }

        string[] rollup;
        try
        {
            rollup = File.ReadAllLines($"/proc/{pid}/smaps_rollup");
        }
        catch (IOException)
        {
            rollup = [];
        }

        return new ProcessMemory(pid, Field(lines, "VmRSS:"), Field(lines, "RssAnon:"), Field(lines, "RssFile:") + Field(lines, "RssShmem:"),
            Field(rollup, "Pss:"), Field(rollup, "Private_Clean:") + Field(rollup, "Private_Dirty:"));
    }

    /// <summary>Child processes of this one whose command line runs <c>Faas.Host.dll</c>.</summary>
    public static List<int> FindHostChildren()
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after the last ')'.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == self && File.ReadAllText(Path.Combine(folder, "cmdline")).Contains("Faas.Host", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    private static double Field(string[] lines, string name)
    {
        foreach (var line in lines)
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                var kilobytes = line[name.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return 0;
    }
}
