using System.IO.Compression;
using Faas.Cli.Deploy;
using Faas.Cli.Tests.Common;

namespace Faas.Cli.Tests.Deploy;

public sealed class FunctionZipTests : IDisposable
{
    private readonly string _folder = TestPaths.NewTempFolder();

    [Fact]
    public void Create_Folder_EntriesAreFlatWithUnixModes()
    {
        File.WriteAllText(Path.Combine(_folder, "Fn.dll"), "dll");
        Directory.CreateDirectory(Path.Combine(_folder, "runtimes", "linux-x64"));
        File.WriteAllText(Path.Combine(_folder, "runtimes", "linux-x64", "native.so"), "so");
        File.WriteAllText(Path.Combine(_folder, "tool.sh"), "#!/bin/sh");
        File.SetUnixFileMode(Path.Combine(_folder, "tool.sh"), (UnixFileMode)0b111_101_000);
        Directory.CreateDirectory(Path.Combine(_folder, ".git"));
        File.WriteAllText(Path.Combine(_folder, ".git", "HEAD"), "ref");

        var zip = Entries(FunctionZip.Create(_folder, "dotnet10"));

        Assert.Equal(["Fn.dll", "runtimes/linux-x64/native.so", "tool.sh"], zip.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0b111_101_000, zip["tool.sh"]);
    }

    [Fact]
    public void Create_CustomRuntime_BootstrapIsExecutable()
    {
        File.WriteAllText(Path.Combine(_folder, "bootstrap"), "#!/bin/sh");
        File.SetUnixFileMode(Path.Combine(_folder, "bootstrap"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var zip = Entries(FunctionZip.Create(_folder, "provided.al2023"));

        Assert.Equal(0b111_101_101, zip["bootstrap"]);
    }

    [Fact]
    public void Create_SameFilesTwice_SameBytes()
    {
        File.WriteAllText(Path.Combine(_folder, "a.txt"), "a");
        File.WriteAllText(Path.Combine(_folder, "b.txt"), "b");

        var first = FunctionZip.Create(_folder, null);
        File.SetLastWriteTimeUtc(Path.Combine(_folder, "a.txt"), DateTime.UtcNow.AddDays(-3));
        var second = FunctionZip.Create(_folder, null);

        Assert.Equal(first, second);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Entry name -> permission bits (st_mode & 0777) from the external attributes.
    private static Dictionary<string, int> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e => (int)(((uint)e.ExternalAttributes >> 16) & 0x1FF));
    }
}
