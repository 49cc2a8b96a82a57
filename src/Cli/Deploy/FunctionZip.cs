using System.IO.Compression;

namespace Faas.Cli.Deploy;

/// <summary>
/// Zips a folder flat, as <c>dotnet lambda package</c> and <c>zip -r</c> do: every file at its path relative to the
/// folder, Unix modes kept in the entries' external attributes. For custom runtimes (<c>provided*</c>) the
/// <c>bootstrap</c> at the root is made 0755 whatever its mode on disk. Entries are sorted and dated alike, so the same
/// files always give the same zip and the same CodeSha256.
/// </summary>
internal static class FunctionZip
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    // The earliest time a zip entry can carry; any fixed time keeps zips reproducible.
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Whether a runtime is a custom runtime that starts the package's <c>bootstrap</c>.</summary>
    public static bool IsCustomRuntime(string? runtime) => runtime is not null && runtime.StartsWith("provided", StringComparison.Ordinal);

    /// <summary>The zip of <paramref name="folder"/>; version-control folders are left out.</summary>
    public static byte[] Create(string folder, string? runtime)
    {
        var custom = IsCustomRuntime(runtime);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(file => (File: file, Name: Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/')))
                .Where(f => !f.Name.Split('/').Any(part => part is ".git" or ".svn" or ".hg"))
                .OrderBy(f => f.Name, StringComparer.Ordinal);
            foreach (var (file, name) in files)
            {
                var mode = custom && name == "bootstrap" ? Executable
                    : OperatingSystem.IsWindows() ? Regular
                    : File.GetUnixFileMode(file);
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);

                // Unix "version made by" entries carry st_mode (regular file bit included) in the high 16 bits, as Info-ZIP writes them.
                entry.ExternalAttributes = unchecked((int)((uint)(0x8000 | (int)mode) << 16));
                entry.LastWriteTime = EntryTime;
                using var source = File.OpenRead(file);
                using var target = entry.Open();
                source.CopyTo(target);
            }
        }

        return buffer.ToArray();
    }
}
