using System.Buffers.Binary;

namespace Faas.Worker.Environments;

/// <summary>
/// The log stream of one execution environment: everything its runtime prints plus the platform's
/// START/END/REPORT lines, appended to a file and, per invocation, kept as a 4 KB tail for <c>X-Amz-Log-Result</c>.
/// Beside the file, an index (<c>.idx</c>) records the time and offset of every platform line, so readers can give each
/// line a time and seek to one (the runtime's own lines need not carry a timestamp).
/// </summary>
internal sealed class EnvironmentLog : IDisposable
{
    /// <summary>Lambda returns the last 4 KB of an invocation's log.</summary>
    public const int TailSize = 4096;

    /// <summary>Size of one index record: the line's offset in the log file, then its Unix time in ms, both int64 little-endian.</summary>
    public const int IndexRecordSize = 16;

    /// <summary>The index file's name is the log file's with this extension added.</summary>
    public const string IndexExtension = ".idx";

    private readonly Lock _gate = new();
    private readonly byte[] _tail = new byte[TailSize];
    private readonly FileStream _file;
    private readonly FileStream _index;
    private int _tailStart;
    private int _tailCount;
    private bool _dirty;

    public EnvironmentLog(string path, string logStreamName)
    {
        Path = path;
        LogStreamName = logStreamName;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 16384);
        _index = new FileStream(path + IndexExtension, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1024);
    }

    /// <summary>The file holding this log stream.</summary>
    public string Path { get; }

    /// <summary>Lambda's log stream name, e.g. <c>2026/11/23/[$LATEST]0f1e...</c>.</summary>
    public string LogStreamName { get; }

    /// <summary>Appends output of the runtime.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            _file.Write(bytes);
            _dirty = true;
            AppendTail(bytes);
        }
    }

    /// <summary>Appends a platform line (START, END, REPORT) followed by a newline.</summary>
    public void AppendLine(ref LogLine line)
    {
        try
        {
            line.AppendLiteral("\n");
            Span<byte> record = stackalloc byte[IndexRecordSize];
            lock (_gate)
            {
                BinaryPrimitives.WriteInt64LittleEndian(record, _file.Position);
                BinaryPrimitives.WriteInt64LittleEndian(record[8..], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                _index.Write(record);
                Append(line.Written);
            }
        }
        finally
        {
            line.Release();
        }
    }

    /// <summary>Starts the tail of a new invocation.</summary>
    public void BeginInvocation()
    {
        lock (_gate)
        {
            _tailStart = 0;
            _tailCount = 0;
        }
    }

    /// <summary>The last 4 KB of the current invocation's log, base64; the file is flushed by <see cref="Flush"/>.</summary>
    public string EndInvocation(bool wantsTail)
    {
        lock (_gate)
        {
            if (!wantsTail)
            {
                return "";
            }

            var bytes = new byte[_tailCount];
            var first = Math.Min(_tailCount, TailSize - _tailStart);
            _tail.AsSpan(_tailStart, first).CopyTo(bytes);
            _tail.AsSpan(0, _tailCount - first).CopyTo(bytes.AsSpan(first));
            return Convert.ToBase64String(bytes);
        }
    }

    /// <summary>Writes buffered lines to the file; called periodically so a flush is not paid per invocation.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (_dirty && _file.CanWrite)
            {
                // The log first: an index record never points past what a reader can see.
                _file.Flush();
                _index.Flush();
                _dirty = false;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
            _index.Dispose();
        }
    }

    private void AppendTail(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= TailSize)
        {
            bytes[^TailSize..].CopyTo(_tail);
            _tailStart = 0;
            _tailCount = TailSize;
            return;
        }

        foreach (var b in bytes)
        {
            var index = (_tailStart + _tailCount) % TailSize;
            _tail[index] = b;
            if (_tailCount < TailSize)
            {
                _tailCount++;
            }
            else
            {
                _tailStart = (_tailStart + 1) % TailSize;
            }
        }
    }
}
