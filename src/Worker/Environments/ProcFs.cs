using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO.Enumeration;

namespace Faas.Worker.Environments;

/// <summary>Reads processes' memory, descendants and sockets from Linux's /proc.</summary>
internal static class ProcFs
{
    /// <summary>Resident memory of a process and all its descendants, in bytes; 0 when the process is gone.</summary>
    public static long ResidentBytesOfTree(int pid)
    {
        var total = 0L;
        foreach (var member in Tree(pid))
        {
            var resident = ResidentBytes(member);
            if (member == pid && resident == 0)
            {
                return 0;
            }

            total += resident;
        }

        return total;
    }

    /// <summary>Resident memory of one process in bytes (VmRSS), 0 when it is gone.</summary>
    public static long ResidentBytes(int pid)
    {
        // statm's second field is resident pages; cheaper to parse than status.
        Span<byte> statm = stackalloc byte[128];
        var length = ReadSmall(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/statm"), statm);
        if (length <= 0)
        {
            return 0;
        }

        var fields = statm[..length];
        var first = fields.IndexOf((byte)' ');
        if (first < 0)
        {
            return 0;
        }

        fields = fields[(first + 1)..];
        var second = fields.IndexOf((byte)' ');
        return Utf8Parser.TryParse(second < 0 ? fields : fields[..second], out long pages, out _) ? pages * Environment.SystemPageSize : 0;
    }

    /// <summary>
    /// A process's start time in clock ticks since boot (<c>/proc/PID/stat</c> field 22), which with the pid names one
    /// process for good: a reused pid comes with a later start time. Null when the process is gone.
    /// </summary>
    public static long? StartTime(int pid) => StatField(pid, 22);

    /// <summary>The process group of a process (<c>/proc/PID/stat</c> field 5), or null when the process is gone.</summary>
    public static int? ProcessGroup(int pid) => StatField(pid, 5) is { } group ? (int)group : null;

    /// <summary>This boot's random id; a start time means nothing across a reboot.</summary>
    public static string BootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>A process and all its descendants (children of any of its threads), depth first.</summary>
    public static IEnumerable<int> Tree(int pid)
    {
        yield return pid;
        foreach (var child in Children(pid))
        {
            foreach (var descendant in Tree(child))
            {
                yield return descendant;
            }
        }
    }

    /// <summary>True when any process of <paramref name="pids"/> holds an open file descriptor on socket <paramref name="inode"/>.</summary>
    public static bool HoldsSocket(IEnumerable<int> pids, long inode)
    {
        var target = "socket:[" + inode.ToString(CultureInfo.InvariantCulture) + "]";
        foreach (var pid in pids)
        {
            IEnumerable<string> descriptors;
            try
            {
                descriptors = Directory.EnumerateFiles($"/proc/{pid}/fd");
                foreach (var descriptor in descriptors)
                {
                    if (string.Equals(new FileInfo(descriptor).LinkTarget, target, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process exited while being read.
            }
        }

        return false;
    }

    /// <summary>
    /// The inode of the IPv4 TCP socket whose local port is <paramref name="localPort"/> and remote port
    /// <paramref name="remotePort"/> (from /proc/net/tcp), or 0 when there is none.
    /// </summary>
    public static long FindTcpSocketInode(int localPort, int remotePort)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/net/tcp");
        }
        catch (IOException)
        {
            return 0;
        }

        // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9 && PortOf(fields[1]) == localPort && PortOf(fields[2]) == remotePort
                && long.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                return inode;
            }
        }

        return 0;
    }

    private static int PortOf(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port) ? port : -1;
    }

    private static long? StatField(int pid, int field)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // Field 2 is the command name in parentheses and may itself hold spaces and parentheses: count from the last
        // ')', after which field 3 (the state) starts.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat.AsSpan(close + 1).Trim();
        var index = 3;
        foreach (var range in fields.Split(' '))
        {
            if (index++ == field)
            {
                return long.TryParse(fields[range], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
            }
        }

        return null;
    }

    private static List<int> Children(int pid)
    {
        var children = new List<int>();
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            // A child belongs to the thread that started it, so every thread's list is read. The watchdog walks every
            // environment's tree many times a second, so thread ids come from entry names and files are read into a
            // pooled buffer: no per-entry path strings, streams or text.
            var threads = new FileSystemEnumerable<int>(
                $"/proc/{pid}/task",
                static (ref FileSystemEntry entry) => int.TryParse(entry.FileName, NumberStyles.None, CultureInfo.InvariantCulture, out var tid) ? tid : 0,
                new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 })
            {
                ShouldIncludePredicate = static (ref FileSystemEntry entry) => entry.IsDirectory,
            };
            foreach (var tid in threads)
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/task/{tid}/children");
                int length;
                while ((length = ReadSmall(path, buffer)) == buffer.Length)
                {
                    // Filled the buffer, so there may be more: read the whole list again into a larger one.
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                }

                foreach (var range in buffer.AsSpan(0, Math.Max(0, length)).Split((byte)' '))
                {
                    if (Utf8Parser.TryParse(buffer.AsSpan(range), out int child, out var consumed) && consumed > 0)
                    {
                        children.Add(child);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process or one of its threads exited while being read.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return children;
    }

    /// <summary>Reads a small /proc file from its start into <paramref name="buffer"/>: its length, or -1 when it is gone.</summary>
    private static int ReadSmall(string path, Span<byte> buffer)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            var total = 0;
            int read;
            while (total < buffer.Length && (read = RandomAccess.Read(handle, buffer[total..], total)) > 0)
            {
                total += read;
            }

            return total;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
