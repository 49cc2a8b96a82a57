using System.Globalization;
using System.Runtime.InteropServices;

namespace Faas.Worker.Environments;

/// <summary>
/// The unprivileged user environments run as when the worker runs as root, so a function cannot write its task
/// root, other environments' folders or the worker's files, as in Lambda's sandbox. Null when not switching.
/// </summary>
internal sealed partial record SandboxUser(string Name, int UserId, int GroupId)
{
    /// <summary>
    /// Resolves the configured user; null (environments run as the worker's user) when the worker is not root, the
    /// setting is empty, or the user cannot reach what environments need to run (<paramref name="paths"/>).
    /// </summary>
    public static SandboxUser? Resolve(string configured, IEnumerable<string> paths, out string? reason)
    {
        reason = null;
        if (string.IsNullOrEmpty(configured) || !Environment.IsPrivilegedProcess)
        {
            return null;
        }

        var user = Find(configured);
        if (user is null)
        {
            reason = $"user '{configured}' is not in /etc/passwd";
            return null;
        }

        foreach (var path in paths)
        {
            if (!ReachableByOthers(path))
            {
                reason = $"'{path}' is not readable by other users";
                return null;
            }
        }

        return user;
    }

    /// <summary>Gives a folder to the user, so the environment can write its own temp folder and nothing else.</summary>
    public void Own(string folder)
    {
        if (Chown(folder, UserId, GroupId) != 0)
        {
            throw new IOException($"Could not give '{folder}' to user '{Name}' (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    private static SandboxUser? Find(string name)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length > 3 && fields[0] == name
                && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                && int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                return new SandboxUser(name, uid, gid);
            }
        }

        return null;
    }

    /// <summary>True when every folder on the way is searchable by other users and the file itself readable.</summary>
    public static bool ReachableByOthers(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return false;
        }

        var mode = File.GetUnixFileMode(full);
        if ((mode & UnixFileMode.OtherRead) == 0 || (Directory.Exists(full) && (mode & UnixFileMode.OtherExecute) == 0))
        {
            return false;
        }

        for (var dir = Path.GetDirectoryName(full); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if ((File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, int owner, int group);
}
