using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Faas.Worker.Packages;

/// <summary>
/// Unpacks deployment zips once per content hash into read-only folders (<c>packages/&lt;hex&gt;</c>) that serve as task
/// roots, counts the environments using each, and removes the folders no environment has used for
/// <see cref="PackageOptions.UnusedRetention"/>. One worker owns its data folder: the counts are this process's.
/// </summary>
internal sealed partial class PackageStore(string root, PackageOptions options, TimeProvider time, ILogger<PackageStore> logger)
{
    // Unix permission bits live in the high 16 bits of a zip entry's external attributes.
    private const int UnixModeShift = 16;
    private const UnixFileMode ReadOnlyMask = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
        | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    // Guards the packages and the staging names; folders are renamed (never deleted) while it is held.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UnpackedPackage> _packages = new(StringComparer.Ordinal);
    private readonly HashSet<string> _staging = new(StringComparer.Ordinal);

    /// <summary>The folder holding the unpacked packages.</summary>
    public string Root => root;

    /// <summary>
    /// Returns a lease on the task root holding the unpacked zip, unpacking it on first use; the folder stays until the
    /// lease is disposed and the package has then been unused for the retention time.
    /// </summary>
    /// <exception cref="PackageException">The zip is missing, corrupt, does not match its hash, or has an entry escaping its folder.</exception>
    public async Task<PackageLease> AcquireAsync(string zipPath, string expectedSha256, CancellationToken cancellationToken)
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
        UnpackedPackage? package;
        Task<string> unpacking;
        lock (_gate)
        {
            if (!_packages.TryGetValue(key, out package))
            {
                _packages[key] = package = new UnpackedPackage();
            }

            // Counted before the folder exists: a removal never takes a package a start is waiting for.
            package.Users++;
            unpacking = package.Unpacking ??= Task.Run(() => Unpack(zipPath, key));
        }

        try
        {
            return new PackageLease(this, key, package, await unpacking.ConfigureAwait(false));
        }
        catch
        {
            lock (_gate)
            {
                // The next start tries again.
                if (package.Unpacking == unpacking)
                {
                    package.Unpacking = null;
                }
            }

            Release(key, package);
            throw;
        }
    }

    /// <summary>Ends one environment's use of a package (through <see cref="PackageLease.Dispose"/>).</summary>
    internal void Release(string key, UnpackedPackage package)
    {
        lock (_gate)
        {
            package.Users--;
            package.LastUsed = time.GetUtcNow();
            if (package.Users == 0 && package.Unpacking is null && _packages.GetValueOrDefault(key) == package)
            {
                _packages.Remove(key);
            }
        }
    }

    /// <summary>
    /// Removes the unpacked packages no environment has used for the retention time as of <paramref name="now"/>
    /// (folders left by an earlier run count as unused from the first sweep that sees them); how many and their bytes.
    /// </summary>
    public (int Removed, long Bytes) RemoveUnused(DateTimeOffset now)
    {
        // 1. Under the lock, each folder to remove is renamed away: a start from then on finds no folder and unpacks
        //    afresh, and no environment ever runs from a folder being deleted.
        var doomed = new List<string>();
        lock (_gate)
        {
            if (options.UnusedRetention == Timeout.InfiniteTimeSpan || !Directory.Exists(root))
            {
                return (0, 0);
            }

            foreach (var folder in Directory.EnumerateDirectories(root))
            {
                var name = Path.GetFileName(folder);
                if (IsKey(name) && !_packages.ContainsKey(name))
                {
                    _packages[name] = new UnpackedPackage { Unpacking = Task.FromResult(folder), LastUsed = now };
                }
            }

            var removed = new List<string>();
            foreach (var (key, package) in _packages)
            {
                if (package.Users > 0 || package.Unpacking is not { IsCompletedSuccessfully: true } || now - package.LastUsed < options.UnusedRetention)
                {
                    continue;
                }

                var trash = Path.Combine(root, $".{key}.{Guid.NewGuid():N}.removed");
                try
                {
                    Directory.Move(Path.Combine(root, key), trash);
                    doomed.Add(trash);
                    removed.Add(key);
                }
                catch (DirectoryNotFoundException)
                {
                    removed.Add(key);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    Log.RemoveFailed(logger, key, exception);
                }
            }

            foreach (var key in removed)
            {
                _packages.Remove(key);
            }
        }

        // 2. The renamed folders are deleted outside the lock; one that resists is removed at the next start.
        long bytes = 0;
        foreach (var trash in doomed)
        {
            try
            {
                bytes += SizeOf(trash);
                DeleteTree(trash);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Log.RemoveFailed(logger, Path.GetFileName(trash), exception);
            }
        }

        if (doomed.Count > 0)
        {
            Log.PackagesRemoved(logger, doomed.Count, bytes);
        }

        return (doomed.Count, bytes);
    }

    /// <summary>Deletes what interrupted unpacks and removals of an earlier run left (hidden folders beside the packages).</summary>
    public int RemoveLeftovers()
    {
        var count = 0;
        lock (_gate)
        {
            if (!Directory.Exists(root))
            {
                return 0;
            }

            foreach (var folder in Directory.EnumerateDirectories(root, ".*"))
            {
                if (_staging.Contains(Path.GetFileName(folder)))
                {
                    continue;
                }

                try
                {
                    DeleteTree(folder);
                    count++;
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    Log.RemoveFailed(logger, Path.GetFileName(folder), exception);
                }
            }
        }

        if (count > 0)
        {
            Log.LeftoversRemoved(logger, count);
        }

        return count;
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
        var stagingName = $".{key}.{Guid.NewGuid():N}";
        var staging = Path.Combine(root, stagingName);
        lock (_gate)
        {
            _staging.Add(stagingName);
        }

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

            lock (_gate)
            {
                _staging.Remove(stagingName);
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
                    CreateFolder(path, entry, rootWithSeparator);
                    continue;
                }

                CreateFolder(Path.GetDirectoryName(path)!, entry, rootWithSeparator);
                if (Directory.Exists(path))
                {
                    throw PathConflict(entry);
                }

                // A zip may name a file twice; the later entry wins, as with `unzip -o`. The earlier copy is deleted rather
                // than overwritten: its mode, already applied, may not let this process write it.
                File.Delete(path);
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

    private static void CreateFolder(string folder, ZipArchiveEntry entry, string rootWithSeparator)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (IOException) when (FileOnPath(folder, rootWithSeparator))
        {
            throw PathConflict(entry);
        }
    }

    // True when the folder itself or one of its parents inside the package is a file an earlier entry wrote.
    private static bool FileOnPath(string folder, string rootWithSeparator)
    {
        for (var path = folder; path.Length >= rootWithSeparator.Length; path = Path.GetDirectoryName(path)!)
        {
            if (File.Exists(path))
            {
                return true;
            }
        }

        return false;
    }

    private static PackageException PathConflict(ZipArchiveEntry entry)
        => new("InvalidZipFileException", $"Could not unzip uploaded file: the entry '{entry.FullName}' is both a file and a folder.");

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

    private static bool IsKey(string name) => name.Length == 64 && name.All(char.IsAsciiHexDigitLower);

    private static long SizeOf(string folder)
        => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(file => new FileInfo(file).Length);

    // The folders are read-only (MakeReadOnly): each gets its owner's write bit back so its entries can be deleted.
    private static void DeleteTree(string folder)
    {
        foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Append(folder))
        {
            File.SetUnixFileMode(dir, ReadOnlyMask | UnixFileMode.UserWrite);
        }

        Directory.Delete(folder, recursive: true);
    }

    /// <summary>One unpacked (or unpacking) package: the environments using it and since when it is unused.</summary>
    internal sealed class UnpackedPackage
    {
        /// <summary>The unpack in progress or done (its result is the task root); null after a failed unpack.</summary>
        public Task<string>? Unpacking { get; set; }

        /// <summary>Environments holding a lease, plus starts waiting for the unpack.</summary>
        public int Users { get; set; }

        /// <summary>When the last user let go.</summary>
        public DateTimeOffset LastUsed { get; set; }
    }
}
