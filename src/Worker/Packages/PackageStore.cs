using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Faas.Worker.Packages;

/// <summary>
/// Unpacks deployment zips once per content hash into read-only folders that serve as task roots.
/// </summary>
internal sealed class PackageStore(string root)
{
    // Unix permission bits live in the high 16 bits of a zip entry's external attributes.
    private const int UnixModeShift = 16;
    private const UnixFileMode ReadOnlyMask = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
        | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _unpacking = new(StringComparer.Ordinal);

    /// <summary>Returns the task root holding the unpacked zip, unpacking it on first use.</summary>
    /// <exception cref="PackageException">The zip is missing, corrupt, does not match its hash, or has an entry escaping its folder.</exception>
    public async Task<string> GetTaskRootAsync(string zipPath, string expectedSha256, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(zipPath) || !File.Exists(zipPath))
        {
            throw new PackageException("InvalidParameterValueException", $"The package '{zipPath}' does not exist on this worker.");
        }

        var sha = await HashAsync(zipPath, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(expectedSha256) && !string.Equals(sha, expectedSha256, StringComparison.Ordinal))
        {
            throw new PackageException("InvalidParameterValueException", $"The package's SHA-256 '{sha}' does not match CodeSha256 '{expectedSha256}'.");
        }

        var key = Convert.ToHexStringLower(Convert.FromBase64String(sha));
        var lazy = _unpacking.GetOrAdd(key, k => new Lazy<Task<string>>(() => Task.Run(() => Unpack(zipPath, k))));
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            _unpacking.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, lazy));
            throw;
        }
    }

    /// <summary>Base64 SHA-256 of a file, as Lambda's CodeSha256.</summary>
    public static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToBase64String(hash);
    }

    private string Unpack(string zipPath, string key)
    {
        var target = Path.Combine(root, key);
        if (Directory.Exists(target))
        {
            return target;
        }

        // Unpack beside the target and rename, so a half-written folder is never used.
        var staging = Path.Combine(root, $".{key}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            ExtractChecked(zipPath, staging);
            MakeReadOnly(staging);
            Directory.Move(staging, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another worker process unpacked the same content first.
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                DeleteTree(staging);
            }
        }

        return target;
    }

    private static void ExtractChecked(string zipPath, string destination)
    {
        var rootWithSeparator = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException ex)
        {
            throw new PackageException("InvalidZipFileException", $"Could not unzip uploaded file. Please check your file, then try to upload again. ({ex.Message})");
        }

        using (archive)
        {
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                var path = Path.GetFullPath(Path.Combine(destination, name));
                if (name.StartsWith('/') || !path.StartsWith(rootWithSeparator, StringComparison.Ordinal))
                {
                    throw new PackageException("InvalidZipFileException", $"Could not unzip uploaded file: the entry '{entry.FullName}' is outside the package folder.");
                }

                if (name.EndsWith('/'))
                {
                    Directory.CreateDirectory(path);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                try
                {
                    entry.ExtractToFile(path, overwrite: false);
                }
                catch (InvalidDataException ex)
                {
                    throw new PackageException("InvalidZipFileException", $"Could not unzip uploaded file: entry '{entry.FullName}' is corrupt. ({ex.Message})");
                }

                var mode = (UnixFileMode)((entry.ExternalAttributes >> UnixModeShift) & 0x1FF);
                File.SetUnixFileMode(path, mode == 0 ? UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead : mode);
            }
        }
    }

    private static void MakeReadOnly(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) & ReadOnlyMask);
        }

        foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Append(folder))
        {
            File.SetUnixFileMode(dir, ReadOnlyMask);
        }
    }

    private static void DeleteTree(string folder)
    {
        foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Append(folder))
        {
            File.SetUnixFileMode(dir, ReadOnlyMask | UnixFileMode.UserWrite);
        }

        Directory.Delete(folder, recursive: true);
    }
}
