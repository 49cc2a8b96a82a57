using System.IO.Compression;
using System.Security.Cryptography;
using Faas.Gateway.Errors;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.ControlApi;

/// <summary>
/// The content-addressed store of deployment zips: <c>{PackageDirectory}/{hex sha256}.zip</c>, written to a temporary
/// file and renamed into place, so a reader never sees half a zip. A zip is checked before it is stored: Lambda's size
/// limits, readable entries (every byte is inflated, which also checks each CRC) and no entry escaping the folder it is
/// unpacked to. Workers unpack stored zips themselves. <see cref="PackageSweeper"/> deletes the zips nothing references.
/// </summary>
internal sealed partial class PackageStore(GatewayOptions options, TimeProvider time, ILogger<PackageStore> logger)
{
    /// <summary>The suffix of a zip being written: <c>{hex}.zip.{guid}.tmp</c>.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Lambda's limit on a zip uploaded in the request (50 MB).</summary>
    public const long MaxZippedBytes = 52_428_800;

    /// <summary>Lambda's limit on a function's unzipped code (250 MB).</summary>
    public const long MaxUnzippedBytes = 262_144_000;

    /// <summary>Lambda's limit on the code of all functions of an account (75 GB), reported by GetAccountSettings.</summary>
    public const long MaxTotalCodeBytes = 80_530_636_800;

    private const string UnzipFailed = "Could not unzip uploaded file. Please check your file, then try to upload again.";

    /// <summary>Checks a zip against Lambda's rules; null when it may be stored.</summary>
    public static LambdaError? Check(byte[] zip, string operation)
    {
        if (zip.LongLength > MaxZippedBytes)
        {
            return TooLarge(operation);
        }

        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
            var buffer = new byte[81920];
            long unzipped = 0;
            foreach (var entry in archive.Entries)
            {
                if (EscapesFolder(entry.FullName))
                {
                    return LambdaError.InvalidParameterValue(UnzipFailed);
                }

                // The declared sizes are the zip's claim; count what actually inflates, and stop at the limit.
                using var content = entry.Open();
                int read;
                while ((read = content.Read(buffer)) > 0)
                {
                    unzipped += read;
                    if (unzipped > MaxUnzippedBytes)
                    {
                        return LambdaError.InvalidParameterValue($"Unzipped size must be smaller than {MaxUnzippedBytes} bytes");
                    }
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or NotSupportedException or IOException or ArgumentException)
        {
            return LambdaError.InvalidParameterValue(UnzipFailed);
        }

        return null;
    }

    /// <summary>Lambda's answer to a request carrying more than 50 MB of zip.</summary>
    public static LambdaError TooLarge(string operation)
        => new(413, "RequestEntityTooLargeException", $"Request must be smaller than 69905067 bytes for the {operation} operation");

    /// <summary>Describes a zip as <see cref="StoreAsync"/> would store it, without storing it (UpdateFunctionCode's DryRun).</summary>
    public StoredPackage Describe(byte[] zip)
    {
        var hash = SHA256.HashData(zip);
        return new StoredPackage { Path = PathOf(Convert.ToHexStringLower(hash)), CodeSha256 = Convert.ToBase64String(hash), CodeSize = zip.LongLength };
    }

    /// <summary>Stores a checked zip (once per content) and describes it.</summary>
    public async Task<StoredPackage> StoreAsync(byte[] zip, CancellationToken cancellationToken)
    {
        var package = Describe(zip);
        var path = package.Path;
        if (!TryRefresh(path))
        {
            var temporary = $"{path}.{Guid.NewGuid():N}{TemporarySuffix}";
            try
            {
                await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                {
                    await file.WriteAsync(zip, cancellationToken);
                    file.Flush(flushToDisk: true);
                }

                // Two uploads of the same zip may race here; both files hold the same bytes, so either may win.
                File.Move(temporary, path, overwrite: true);
                Log.PackageStored(logger, path, zip.LongLength);
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        return package;
    }

    /// <summary>
    /// Marks a zip that is already stored as just stored, so that a sweep does not delete it while the function change
    /// that uses it again is being recorded; false when there is no such zip (or a sweep took it first).
    /// </summary>
    private bool TryRefresh(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime);
            return true;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Where the zip with this hex SHA-256 is (or would be) stored.</summary>
    public string PathOf(string hexSha256) => Path.Combine(options.PackageDirectory, $"{hexSha256}.zip");

    /// <summary>Whether a path is one of this store's zips (and not something else on disk).</summary>
    public bool Owns(string path)
        => string.Equals(Path.GetDirectoryName(Path.GetFullPath(path)), Path.GetFullPath(options.PackageDirectory).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal)
            && path.EndsWith(".zip", StringComparison.Ordinal);

    // An absolute name, a drive, or a ".." segment would write outside the task root when unpacked.
    private static bool EscapesFolder(string entryName)
    {
        if (entryName.Length == 0 || entryName[0] is '/' or '\\' || (entryName.Length > 1 && char.IsAsciiLetter(entryName[0]) && entryName[1] == ':')
            || entryName.Contains('\0', StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var segment in entryName.Split('/', '\\'))
        {
            if (segment == "..")
            {
                return true;
            }
        }

        return false;
    }
}
