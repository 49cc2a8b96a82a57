using System.Globalization;

namespace Faas.Worker.Environments;

/// <summary>Reads process memory from Linux's /proc.</summary>
internal static class ProcFs
{
    /// <summary>Resident memory of a process and all its descendants, in bytes; 0 when the process is gone.</summary>
    public static long ResidentBytesOfTree(int pid)
    {
        var total = ResidentBytes(pid);
        if (total == 0)
        {
            return 0;
        }

        foreach (var child in Children(pid))
        {
            total += ResidentBytesOfTree(child);
        }

        return total;
    }

    /// <summary>Resident memory of one process in bytes (VmRSS), 0 when it is gone.</summary>
    public static long ResidentBytes(int pid)
    {
        try
        {
            // statm's second field is resident pages; cheaper to parse than status.
            var statm = File.ReadAllText($"/proc/{pid}/statm");
            var parts = statm.Split(' ', 3);
            return parts.Length > 1 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pages)
                ? pages * Environment.SystemPageSize
                : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/task/{pid}/children");
        }
        catch (IOException)
        {
            yield break;
        }

        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var child))
            {
                yield return child;
            }
        }
    }
}
