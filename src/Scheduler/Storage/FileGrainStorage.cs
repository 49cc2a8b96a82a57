using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.Storage;

namespace Faas.Scheduler.Storage;

/// <summary>
/// Grain state in local files, one per grain, for a single node without Redis. Writes go to a temporary file that is
/// flushed and renamed over the old one, so a crash leaves either the old state or the new, never half of one. The
/// ETag is a counter kept beside the payload; a write with a stale ETag fails as Orleans' own stores do.
/// </summary>
internal sealed class FileGrainStorage(string folder, IGrainStorageSerializer serializer) : IGrainStorage
{
    private readonly string _folder = Directory.CreateDirectory(folder).FullName;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        var newline = Array.IndexOf(bytes, (byte)'\n');
        grainState.ETag = Encoding.ASCII.GetString(bytes, 0, newline);
        grainState.State = serializer.Deserialize<T>(new BinaryData(bytes.AsMemory(newline + 1)));
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var current = File.Exists(path) ? await ReadETagAsync(path) : null;
        if (current != grainState.ETag)
        {
            throw new InconsistentStateException($"The stored state of '{grainId}' changed since it was read.", current, grainState.ETag);
        }

        var etag = (long.Parse(current ?? "0", CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        var payload = serializer.Serialize(grainState.State);
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            await file.WriteAsync(Encoding.ASCII.GetBytes(etag + "\n"));
            await file.WriteAsync(payload.ToMemory());
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(stateName, grainId));
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    private static async Task<string> ReadETagAsync(string path)
    {
        using var reader = new StreamReader(path, Encoding.ASCII);
        return await reader.ReadLineAsync() ?? "";
    }

    // Grain ids hold characters no file system likes (slashes, colons); a hash names the file, the type keeps it readable.
    private string PathOf(string stateName, GrainId grainId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stateName + "\n" + grainId)))[..32];
        return Path.Combine(_folder, $"{grainId.Type}-{hash}.state");
    }
}
