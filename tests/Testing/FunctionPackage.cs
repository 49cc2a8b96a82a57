using System.IO.Compression;
using System.Security.Cryptography;

namespace Faas.Testing;

/// <summary>A deployment zip on disk with Lambda's CodeSha256 (base64 SHA-256 of the zip).</summary>
public sealed record FunctionPackage(string Path, string CodeSha256)
{
    /// <summary>Hashes an existing zip.</summary>
    public static FunctionPackage FromZip(string zipPath)
    {
        using var stream = File.OpenRead(zipPath);
        return new FunctionPackage(zipPath, Convert.ToBase64String(SHA256.HashData(stream)));
    }
}

/// <summary>Builds deployment zips the way `dotnet lambda package` and `zip` do: flat, Unix modes kept.</summary>
public sealed class FunctionPackageBuilder
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly List<(string Name, byte[] Content, UnixFileMode Mode)> _entries = [];

    /// <summary>Adds every file of a folder at its relative path; <c>bootstrap</c> gets 0755, others keep their mode.</summary>
    public FunctionPackageBuilder AddFolder(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetRelativePath(folder, file).Replace('\\', '/');
            var mode = name == "bootstrap" ? Executable : OperatingSystem.IsWindows() ? Regular : File.GetUnixFileMode(file);
            _entries.Add((name, File.ReadAllBytes(file), mode));
        }

        return this;
    }

    /// <summary>Adds one entry; the name is written as given, so <c>../evil.txt</c> stays a zip-slip entry.</summary>
    public FunctionPackageBuilder AddFile(string entryName, string content, bool executable = false)
    {
        _entries.Add((entryName, System.Text.Encoding.UTF8.GetBytes(content), executable ? Executable : Regular));
        return this;
    }

    /// <summary>Removes an entry added before.</summary>
    public FunctionPackageBuilder Remove(string entryName)
    {
        _entries.RemoveAll(e => e.Name == entryName);
        return this;
    }

    /// <summary>Sets the Unix mode of an entry added before (e.g. a bootstrap without the exec bit).</summary>
    public FunctionPackageBuilder WithMode(string entryName, bool executable)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Name == entryName)
            {
                _entries[i] = _entries[i] with { Mode = executable ? Executable : Regular };
            }
        }

        return this;
    }

    /// <summary>Writes the zip and hashes it.</summary>
    public FunctionPackage Build(string zipPath)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(zipPath)!);
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            foreach (var (name, content, mode) in _entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                // Unix "version made by" entries carry st_mode in the high 16 bits, as Info-ZIP writes them.
                entry.ExternalAttributes = unchecked((int)((uint)(0x8000 | (int)mode) << 16));
                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return FunctionPackage.FromZip(zipPath);
    }
}
