using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace Faas.Worker.Environments;

/// <summary>
/// Copies one output pipe of an environment process into its current log, and can tell when everything the
/// process wrote so far has been copied (so a log tail taken at the end of an invocation is complete).
/// </summary>
internal sealed partial class OutputPump
{
    private const int Fionread = 0x541B;
    private readonly Stream _stream;
    private readonly Func<EnvironmentLog?> _target;
    private readonly nint _fd;
    private volatile bool _copying;

    public OutputPump(Stream stream, Func<EnvironmentLog?> target)
    {
        _stream = stream;
        _target = target;
        _fd = stream switch
        {
            PipeStream pipe => pipe.SafePipeHandle.DangerousGetHandle(),
            FileStream file => file.SafeFileHandle.DangerousGetHandle(),
            _ => -1,
        };
        Completion = Task.Run(PumpAsync);
    }

    /// <summary>Completes when the pipe is closed (the process and all its children have exited).</summary>
    public Task Completion { get; }

    /// <summary>Waits, briefly, until bytes already written by the process have reached the log.</summary>
    public ValueTask DrainAsync()
    {
        // The runtime writes its output before posting its result, so by the time the result is here the bytes are
        // in the pipe (FIONREAD > 0) or with the pump. The common case, nothing pending, completes synchronously.
        return !_copying && PendingBytes() == 0 || Completion.IsCompleted ? ValueTask.CompletedTask : DrainSlowAsync();
    }

    private async ValueTask DrainSlowAsync()
    {
        for (var attempt = 0; attempt < 200 && !Completion.IsCompleted; attempt++)
        {
            if (attempt < 20)
            {
                await Task.Yield();
            }
            else
            {
                await Task.Delay(1).ConfigureAwait(false);
            }

            if (!_copying && PendingBytes() == 0)
            {
                return;
            }
        }
    }

    private int PendingBytes()
    {
        if (_fd < 0)
        {
            return 0;
        }

        return Ioctl(_fd, Fionread, out var count) == 0 ? count : 0;
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                _copying = true;
                _target()?.Append(buffer.AsSpan(0, read));
                _copying = false;
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process is gone; nothing more to copy.
        }
        finally
        {
            _copying = false;
        }
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(nint fd, nint request, out int count);
}
