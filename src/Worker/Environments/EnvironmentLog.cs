using System.Text;

namespace Faas.Worker.Environments;

/// <summary>
/// The log stream of one execution environment: everything its runtime prints plus the platform's
/// START/END/REPORT lines, appended to a file and, per invocation, kept as a 4 KB tail for <c>X-Amz-Log-Result</c>.
/// </summary>
internal sealed class EnvironmentLog : IDisposable
{
    /// <summary>Lambda returns the last 4 KB of an invocation's log.</summary>
    public const int TailSize = 4096;

    private readonly Lock _gate = new();
    private readonly byte[] _tail = new byte[TailSize];
    private readonly FileStream _file;
    private int _tailStart;
    private int _tailCount;
    private bool _dirty;

    public EnvironmentLog(string path, string logStreamName)
    {
        Path = path;
        LogStreamName = logStreamName;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 16384);
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
    public void AppendLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        Append(bytes);
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
                _file.Flush();
                _dirty = false;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
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
