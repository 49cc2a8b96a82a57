using System.Text.RegularExpressions;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.ControlApi;

/// <summary>
/// Deletes the package store's zips that no version of any function references any more (old code after
/// UpdateFunctionCode, deleted versions and functions), and the temporary files of interrupted uploads.
/// </summary>
/// <remarks>
/// A zip goes only when all of these hold, so that a function that can still run never loses its code:
/// <list type="number">
/// <item>the listing of every function and version through the registry completed (otherwise the round deletes nothing);</item>
/// <item>this gateway has seen it unreferenced for the grace period (an environment start or a GetFunction download
/// link handed out just before an update still finds it);</item>
/// <item>it was stored (or stored again, which refreshes its time) longer than the grace period ago, covering an upload
/// whose CreateFunction or UpdateFunctionCode is not recorded yet, on this gateway or another sharing the folder.</item>
/// </list>
/// Every gateway sweeps on its own: the rule needs no coordination, and two gateways deleting the same zip is harmless.
/// </remarks>
internal sealed partial class PackageSweeper(
    GatewayOptions options,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<PackageSweeper> logger) : BackgroundService
{
    private const int PageSize = 100;
    private const string DoomedSuffix = ".deleting";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, DateTimeOffset> _unreferencedSince = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PackageSweepInterval, time);
        while (await NextTickAsync(timer, stoppingToken))
        {
            try
            {
                await SweepAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                Log.SweepFailed(logger, exception);
            }
        }
    }

    // False once stopping: a host that stops before it finished starting would report a cancelled wait as a failure.
    private static async ValueTask<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>One sweep as of <paramref name="now"/>: what it found and deleted.</summary>
    public async Task<PackageSweepResult> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // 1. What is referenced, read before the folder: a zip stored after this point is younger than the grace period.
            HashSet<string>? referenced;
            try
            {
                referenced = await ReferencedHashesAsync(cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Log.ListingFailed(logger, exception);
                return PackageSweepResult.Skipped;
            }

            if (referenced is null)
            {
                Log.ListingIncomplete(logger);
                return PackageSweepResult.Skipped;
            }

            // 2. The folder: zips, temporary files of uploads, and zips another sweep is deleting right now.
            var grace = options.PackageGracePeriod;
            var result = new PackageSweepResult { Completed = true };
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in Directory.EnumerateFiles(options.PackageDirectory))
            {
                var match = StoreFileName().Match(Path.GetFileName(path));
                if (!match.Success)
                {
                    continue;
                }

                var hex = match.Groups["hex"].Value;
                if (!match.Groups["suffix"].Success)
                {
                    present.Add(hex);
                    if (referenced.Contains(hex))
                    {
                        _unreferencedSince.Remove(hex);
                        result = result with { ReferencedZips = result.ReferencedZips + 1 };
                        continue;
                    }

                    if (!_unreferencedSince.TryGetValue(hex, out var since))
                    {
                        _unreferencedSince[hex] = since = now;
                    }

                    if (now - since >= grace && TryDeleteZip(path, now) is { } bytes)
                    {
                        result = result with { DeletedZips = result.DeletedZips + 1, BytesFreed = result.BytesFreed + bytes };
                    }
                }
                else if (TryDeleteOld(path, now) is { } bytes)
                {
                    // An upload or a sweep that died half-way (a live one touches its file within the grace period).
                    result = result with { DeletedLeftovers = result.DeletedLeftovers + 1, BytesFreed = result.BytesFreed + bytes };
                }
            }

            // Zips gone from the folder (deleted here or by another gateway) need no memory.
            foreach (var hex in _unreferencedSince.Keys.Where(hex => !present.Contains(hex)).ToList())
            {
                _unreferencedSince.Remove(hex);
            }

            if (result.DeletedZips + result.DeletedLeftovers > 0)
            {
                Log.Swept(logger, result.DeletedZips, result.DeletedLeftovers, result.BytesFreed, result.ReferencedZips);
            }
            else
            {
                Log.NothingToSweep(logger, result.ReferencedZips, _unreferencedSince.Count);
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    /// <summary>The hex SHA-256 of every zip a version of a function uses, or null when a function could not be read.</summary>
    private async Task<HashSet<string>?> ReferencedHashesAsync(CancellationToken cancellationToken)
    {
        var index = grains.GetGrain<IFunctionIndexGrain>(IFunctionIndexGrain.Key);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        string? from = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await index.ListAsync(from, PageSize);
            var versions = await Task.WhenAll(page.Names.Select(name => grains.GetGrain<IFunctionGrain>(name).ListVersionsAsync()));
            foreach (var listed in versions)
            {
                if (listed.Error is { } error)
                {
                    // A listed name whose function is gone (or not written yet) references nothing; any other refusal
                    // means this function's versions are unknown.
                    if (error.Kind != RegistryErrorKind.NotFound)
                    {
                        return null;
                    }

                    continue;
                }

                foreach (var version in listed.Value ?? [])
                {
                    AddReference(referenced, version.Code);
                }
            }

            if (!page.More)
            {
                return referenced;
            }

            if (page.Names.Count == 0)
            {
                // "More" with nothing on the page cannot be paged through: treat the listing as incomplete.
                return null;
            }

            // Names hold no NUL, so this is the first string after the last name.
            from = page.Names[^1] + "\0";
        }
    }

    // By content and by file name: either one naming a zip keeps it.
    private static void AddReference(HashSet<string> referenced, StoredPackage code)
    {
        Span<byte> hash = stackalloc byte[32];
        if (Convert.TryFromBase64String(code.CodeSha256, hash, out var written) && written == hash.Length)
        {
            referenced.Add(Convert.ToHexStringLower(hash));
        }

        if (StoreFileName().Match(Path.GetFileName(code.Path)) is { Success: true } match && !match.Groups["suffix"].Success)
        {
            referenced.Add(match.Groups["hex"].Value);
        }
    }

    /// <summary>Deletes an unreferenced zip older than the grace period; its size, or null when it stays.</summary>
    private long? TryDeleteZip(string path, DateTimeOffset now)
    {
        try
        {
            var stored = File.GetLastWriteTimeUtc(path);
            if (now - new DateTimeOffset(stored, TimeSpan.Zero) < options.PackageGracePeriod)
            {
                return null;
            }

            // Renamed first, then checked again: a re-upload of the same zip refreshes its time (PackageStore), and one
            // that did so between the check above and the rename must get its zip back rather than lose it.
            var doomed = $"{path}.{Guid.NewGuid():N}{DoomedSuffix}";
            File.Move(path, doomed);
            if (File.GetLastWriteTimeUtc(doomed) != stored)
            {
                Restore(doomed, path);
                return null;
            }

            var bytes = new FileInfo(doomed).Length;
            File.Delete(doomed);
            Log.ZipDeleted(logger, path, bytes);
            return bytes;
        }
        catch (FileNotFoundException)
        {
            // Another gateway sharing the folder deleted it first.
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.DeleteFailed(logger, path, exception);
            return null;
        }
    }

    private void Restore(string doomed, string path)
    {
        try
        {
            File.Move(doomed, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // The re-upload wrote the zip anew meanwhile; both hold the same bytes.
            File.Delete(doomed);
        }
    }

    /// <summary>Deletes a leftover file older than the grace period; its size, or null when it stays.</summary>
    private long? TryDeleteOld(string path, DateTimeOffset now)
    {
        try
        {
            var file = new FileInfo(path);
            if (now - new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) < options.PackageGracePeriod)
            {
                return null;
            }

            var bytes = file.Length;
            file.Delete();
            return bytes;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.DeleteFailed(logger, path, exception);
            return null;
        }
    }

    // {hex}.zip, {hex}.zip.{guid}.tmp (PackageStore's upload) or {hex}.zip.{guid}.deleting (a sweep's delete).
    [GeneratedRegex(@"^(?<hex>[0-9a-f]{64})\.zip(?<suffix>\.[0-9a-f]{32}(\.tmp|\.deleting))?$", RegexOptions.CultureInvariant)]
    private static partial Regex StoreFileName();
}
