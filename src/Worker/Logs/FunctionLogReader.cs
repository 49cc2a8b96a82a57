using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Faas.Worker.Environments;
using Microsoft.Extensions.Logging;

namespace Faas.Worker.Logs;

/// <summary>
/// Reads a function's log lines from the environment log files on this worker
/// (<c>logs/&lt;function&gt;/&lt;yyyy&gt;/&lt;MM&gt;/&lt;dd&gt;/[&lt;version&gt;]&lt;environment id&gt;.log</c>), gives each line a time
/// and returns them ordered by time. A line's time is the timestamp it starts with (the .NET host's
/// <c>2026-01-02T03:04:05.678Z</c> prefix) when that is plausible, otherwise the time of the last platform line
/// (START, END, REPORT) before it, from the file's index.
/// </summary>
internal sealed partial class FunctionLogReader(WorkerOptions options, TimeProvider time, ILogger<FunctionLogReader> logger)
{
    /// <summary>CloudWatch's largest event; a longer line comes back in pieces of this size.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    // A line still being written is held back until it ends or its file has been quiet this long.
    private static readonly TimeSpan PartialLineQuietTime = TimeSpan.FromSeconds(5);

    // A timestamp a line carries is believed only this close to the platform's own clock for it: a function printing
    // an old date must not move its line out of the window a reader asked for.
    private const long PlausibleSkewMs = 5 * 60 * 1000;

    /// <summary>
    /// The first <paramref name="limit"/> lines (by time) of the function at or after <paramref name="sinceMs"/>, each
    /// stream read from the offset <paramref name="cursor"/> gives for it (from its start otherwise).
    /// </summary>
    public List<LogEvent> Read(string functionName, long? sinceMs, IReadOnlyDictionary<string, long> cursor, int limit, CancellationToken cancellationToken)
    {
        var root = Path.Combine(options.DataDirectory, "logs", functionName);
        var events = new List<LogEvent>();
        if (!Directory.Exists(root))
        {
            return events;
        }

        foreach (var file in Directory.EnumerateFiles(root, "*.log", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stream = Path.GetRelativePath(root, file)[..^".log".Length].Replace(Path.DirectorySeparatorChar, '/');
            try
            {
                ReadFile(file, stream, sinceMs, cursor.TryGetValue(stream, out var offset) ? offset : 0, limit, events);
            }
            catch (IOException e)
            {
                Log.LogFileUnreadable(logger, file, e);
            }
            catch (UnauthorizedAccessException e)
            {
                Log.LogFileUnreadable(logger, file, e);
            }
        }

        // Each file gave its first lines in order; the function's first lines are the first of all of them.
        events.Sort(static (a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp)
            : string.CompareOrdinal(a.LogStreamName, b.LogStreamName) is var byStream and not 0 ? byStream : a.Next.CompareTo(b.Next));
        if (events.Count > limit)
        {
            events.RemoveRange(limit, events.Count - limit);
        }

        return events;
    }

    private void ReadFile(string path, string stream, long? sinceMs, long start, int limit, List<LogEvent> events)
    {
        var info = new FileInfo(path);
        var lastWriteMs = new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds();
        if (sinceMs is { } since && lastWriteMs < since)
        {
            // Every line is written before its file's last write: nothing here is recent enough.
            return;
        }

        var index = ReadIndex(path + EnvironmentLog.IndexExtension);
        if (sinceMs is { } from)
        {
            // Lines before the last platform line older than `since` are older too (own timestamps aside, which are
            // held close to the platform's clock).
            var seek = 0L;
            foreach (var (offset, ms) in index)
            {
                if (ms >= from - PlausibleSkewMs)
                {
                    break;
                }

                seek = offset;
            }

            start = Math.Max(start, seek);
        }

        if (start >= info.Length)
        {
            return;
        }

        var fileIsQuiet = time.GetUtcNow().ToUnixTimeMilliseconds() - lastWriteMs > (long)PartialLineQuietTime.TotalMilliseconds;
        var fallbackMs = index.Count > 0 ? index[0].Ms : lastWriteMs;
        var next = 0;
        var added = 0;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        file.Position = start;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var line = new ArrayBufferWriter<byte>(1024);
        try
        {
            var lineStart = start;
            var position = start;
            int read;
            while (added < limit && (read = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                var span = buffer.AsSpan(0, read);
                while (!span.IsEmpty && added < limit)
                {
                    var newline = span.IndexOf((byte)'\n');
                    var take = newline < 0 ? span.Length : newline;
                    if (line.WrittenCount + take > MaxMessageBytes)
                    {
                        take = MaxMessageBytes - line.WrittenCount;
                        newline = -1;
                    }

                    line.Write(span[..take]);
                    position += take;
                    span = span[take..];
                    var complete = newline >= 0 || line.WrittenCount == MaxMessageBytes;
                    if (newline >= 0)
                    {
                        position++;
                        span = span[1..];
                    }

                    if (complete)
                    {
                        Emit(line.WrittenSpan, lineStart, position);
                        line.ResetWrittenCount();
                        lineStart = position;
                    }
                }
            }

            // The stream's last line without its line break: still being written, unless the file has gone quiet.
            if (added < limit && line.WrittenCount > 0 && fileIsQuiet)
            {
                Emit(line.WrittenSpan, lineStart, position);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        void Emit(ReadOnlySpan<byte> bytes, long lineStart, long end)
        {
            // The time of the last platform line at or before this one.
            while (next < index.Count && index[next].Offset <= lineStart)
            {
                next++;
            }

            var platformMs = next > 0 ? index[next - 1].Ms : fallbackMs;
            if (bytes.EndsWith("\r"u8))
            {
                bytes = bytes[..^1];
            }

            var ms = TryReadTimestamp(bytes, out var own) && Math.Abs(own - platformMs) <= PlausibleSkewMs ? own : platformMs;
            if (sinceMs is { } since && ms < since)
            {
                return;
            }

            events.Add(new LogEvent(ms, Encoding.UTF8.GetString(bytes), stream, end));
            added++;
        }
    }

    private static List<(long Offset, long Ms)> ReadIndex(string path)
    {
        var records = new List<(long, long)>();
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return records;
        }

        for (var i = 0; i + EnvironmentLog.IndexRecordSize <= bytes.Length; i += EnvironmentLog.IndexRecordSize)
        {
            var record = bytes.AsSpan(i, EnvironmentLog.IndexRecordSize);
            records.Add((BinaryPrimitives.ReadInt64LittleEndian(record), BinaryPrimitives.ReadInt64LittleEndian(record[8..])));
        }

        return records;
    }

    // Lines of the Faas .NET host (and Lambda's timeout line) start with an ISO-8601 UTC time and a tab or space.
    private static bool TryReadTimestamp(ReadOnlySpan<byte> line, out long unixMs)
    {
        unixMs = 0;
        if (line.Length < 20 || !char.IsAsciiDigit((char)line[0]))
        {
            return false;
        }

        var end = line[..Math.Min(line.Length, 40)].IndexOfAny((byte)'\t', (byte)' ');
        if (end < 20)
        {
            return false;
        }

        Span<char> text = stackalloc char[end];
        Encoding.ASCII.GetChars(line[..end], text);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            || text[^1] != 'Z')
        {
            return false;
        }

        unixMs = parsed.ToUnixTimeMilliseconds();
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1501, EventName = "LogFileUnreadable", Level = LogLevel.Warning, Message = "Could not read the log file '{Path}'.")]
        public static partial void LogFileUnreadable(ILogger logger, string path, Exception exception);
    }
}
