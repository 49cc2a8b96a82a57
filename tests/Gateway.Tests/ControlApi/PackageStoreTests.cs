using System.IO.Compression;
using System.Security.Cryptography;
using Faas.Gateway.ControlApi;
using Faas.Gateway.Tests.Auth;
using Microsoft.Extensions.Logging.Abstractions;

namespace Faas.Gateway.Tests.ControlApi;

public sealed class PackageStoreTests : IDisposable
{
    private const string UnzipFailed = "Could not unzip uploaded file. Please check your file, then try to upload again.";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"faas-package-store-{Guid.NewGuid():N}");

    [Fact]
    public void Check_ValidZip_IsAccepted()
    {
        Assert.Null(PackageStore.Check(Zip(("bootstrap", "#!/bin/sh"), ("lib/helper.sh", "x"), ("dir/", null), ("odd:name..txt", "x")), "CreateFunction"));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/../../evil")]
    [InlineData("a\\..\\..\\evil")]
    [InlineData("/etc/passwd")]
    [InlineData("\\windows\\evil")]
    [InlineData("C:evil")]
    public void Check_EntryEscapingTheFolder_CouldNotUnzip(string entry)
    {
        var error = PackageStore.Check(Zip(("ok.txt", "ok"), (entry, "escaped")), "CreateFunction");

        Assert.Equal("InvalidParameterValueException", error?.ErrorType);
        Assert.Equal(UnzipFailed, error?.Message);
    }

    [Fact]
    public void Check_NotAZip_CouldNotUnzip()
    {
        Assert.Equal(UnzipFailed, PackageStore.Check("not a zip at all"u8.ToArray(), "CreateFunction")?.Message);
        Assert.Equal(UnzipFailed, PackageStore.Check([], "CreateFunction")?.Message);
    }

    [Fact]
    public void Check_CorruptEntryData_CouldNotUnzip()
    {
        var zip = Zip(("data.txt", new string('a', 100_000) + "tail"));
        var data = Array.IndexOf(zip, (byte)'d') + "data.txt".Length;

        // Flip bytes in the compressed data (after the local header), leaving the central directory readable.
        for (var i = data + 10; i < data + 30; i++)
        {
            zip[i] ^= 0x5A;
        }

        Assert.Equal(UnzipFailed, PackageStore.Check(zip, "CreateFunction")?.Message);
    }

    [Fact]
    public void Check_InflatesBeyondTheUnzippedLimit_IsRefused()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("zeros.bin", CompressionLevel.Fastest).Open();
            var chunk = new byte[1 << 20];
            for (var i = 0; i < 251; i++)
            {
                entry.Write(chunk);
            }
        }

        var error = PackageStore.Check(buffer.ToArray(), "CreateFunction");

        Assert.Equal("Unzipped size must be smaller than 262144000 bytes", error?.Message);
    }

    [Fact]
    public void Check_OverFiftyMegabytes_IsRequestEntityTooLarge()
    {
        var error = PackageStore.Check(new byte[PackageStore.MaxZippedBytes + 1], "UpdateFunctionCode");

        Assert.Equal(413, error?.StatusCode);
        Assert.Equal("RequestEntityTooLargeException", error?.ErrorType);
        Assert.Equal("Request must be smaller than 69905067 bytes for the UpdateFunctionCode operation", error?.Message);
    }

    [Fact]
    public async Task StoreAsync_SameZipTwice_StoresOneFileNamedByItsHash()
    {
        var store = new PackageStore(new GatewayOptions { PackageDirectory = _folder }, TimeProvider.System, NullLogger<PackageStore>.Instance);
        Directory.CreateDirectory(_folder);
        var zip = Zip(("bootstrap", "#!/bin/sh"));

        var first = await store.StoreAsync(zip, CancellationToken.None);
        var second = await store.StoreAsync(zip, CancellationToken.None);

        var hash = SHA256.HashData(zip);
        Assert.Equal(Path.Combine(_folder, $"{Convert.ToHexStringLower(hash)}.zip"), first.Path);
        Assert.Equal(first, second);
        Assert.Equal(Convert.ToBase64String(hash), first.CodeSha256);
        Assert.Equal(zip.Length, first.CodeSize);
        Assert.Equal(zip, File.ReadAllBytes(first.Path));
        Assert.Single(Directory.GetFiles(_folder));
        Assert.True(store.Owns(first.Path));
        Assert.False(store.Owns("/etc/passwd"));
    }

    [Fact]
    public async Task StoreAsync_ZipAlreadyStored_RefreshesItsTimeSoASweepKeepsIt()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new PackageStore(new GatewayOptions { PackageDirectory = _folder }, clock, NullLogger<PackageStore>.Instance);
        Directory.CreateDirectory(_folder);
        var zip = Zip(("bootstrap", "#!/bin/sh"));
        var stored = await store.StoreAsync(zip, CancellationToken.None);
        File.SetLastWriteTimeUtc(stored.Path, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        await store.StoreAsync(zip, CancellationToken.None);

        Assert.Equal(clock.GetUtcNow().UtcDateTime, File.GetLastWriteTimeUtc(stored.Path));
        Assert.Equal(zip, File.ReadAllBytes(stored.Path));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static byte[] Zip(params (string Name, string? Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                if (content is not null)
                {
                    using var writer = new StreamWriter(entry.Open());
                    writer.Write(content);
                }
            }
        }

        return buffer.ToArray();
    }
}
