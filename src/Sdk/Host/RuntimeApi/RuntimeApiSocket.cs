using System.Runtime.InteropServices;

namespace Faas.Host.RuntimeApi;

/// <summary>
/// A blocking stream socket on libc (<see cref="Libc"/>), IPv4 TCP or Unix-domain: the transport of
/// <see cref="RuntimeApiConnection"/>; both families share every call but connect/bind (and TCP_NODELAY).
/// Every failure is an <see cref="IOException"/> naming the call and the errno.
/// </summary>
internal sealed unsafe class RuntimeApiSocket : IDisposable
{
    private int _fd;

    private RuntimeApiSocket(int fd)
    {
        _fd = fd;
    }

    /// <summary>
    /// Connects to <paramref name="endPoint"/> with TCP_NODELAY, giving up after <paramref name="timeout"/>.
    /// </summary>
    /// <remarks>
    /// A blocking connect honours SO_SNDTIMEO on Linux (it fails with EINPROGRESS when the time is up), which bounds a
    /// connect to a worker whose accept queue is full without the O_NONBLOCK + poll() dance; the timeout is cleared
    /// afterwards so a large response to a slow reader is not cut off.
    /// </remarks>
    public static RuntimeApiSocket Connect(RuntimeApiEndPoint endPoint, TimeSpan timeout)
    {
        var address = endPoint.ToSockAddr();
        return Connect(Libc.AF_INET, &address, sizeof(Libc.SockAddrIn), endPoint, timeout);
    }

    /// <summary>
    /// Connects to the Unix-domain stream socket <paramref name="endPoint"/>, giving up after <paramref name="timeout"/>
    /// (a blocking AF_UNIX connect to a full accept queue waits up to SO_SNDTIMEO, then fails with EAGAIN).
    /// </summary>
    public static RuntimeApiSocket Connect(RuntimeApiUnixEndPoint endPoint, TimeSpan timeout)
    {
        var address = endPoint.SockAddr;
        return Connect(Libc.AF_UNIX, &address, endPoint.AddressLength, endPoint, timeout);
    }

    // Generic so that a struct end point is not boxed nor formatted unless there is an error to report.
    private static RuntimeApiSocket Connect<TEndPoint>(int domain, void* address, int addressLength, TEndPoint endPoint, TimeSpan timeout)
        where TEndPoint : notnull
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var socket = Create(domain);
            try
            {
                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                {
                    throw new IOException("Connecting to the Runtime API at " + endPoint + " timed out.");
                }

                socket.SetSendTimeout(remaining);
                if (Libc.Connect(socket._fd, address, addressLength) == 0)
                {
                    socket.SetSendTimeout(0);
                    if (domain == Libc.AF_INET)
                    {
                        // TCP only: setsockopt(TCP_NODELAY) fails on a Unix socket, which has no Nagle to disable.
                        socket.SetNoDelay();
                    }

                    return socket;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno is Libc.EINPROGRESS or Libc.EAGAIN)
                {
                    throw new IOException("Connecting to the Runtime API at " + endPoint + " timed out.");
                }

                if (errno != Libc.EINTR)
                {
                    throw Error("connect to " + endPoint, errno);
                }

                // Interrupted: the half-made connection is dropped with this socket and made again.
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            socket.Dispose();
        }
    }

    /// <summary>A socket listening on 127.0.0.1 at a free port (for the warm-up's canned Runtime API).</summary>
    public static RuntimeApiSocket ListenOnLoopback(out RuntimeApiEndPoint endPoint)
    {
        var socket = Create(Libc.AF_INET);
        try
        {
            var address = new RuntimeApiEndPoint(RuntimeApiEndPoint.Loopback, 0).ToSockAddr();
            if (Libc.Bind(socket._fd, &address, sizeof(Libc.SockAddrIn)) != 0)
            {
                throw Error("bind");
            }

            if (Libc.Listen(socket._fd, 1) != 0)
            {
                throw Error("listen");
            }

            var length = sizeof(Libc.SockAddrIn);
            if (Libc.GetSockName(socket._fd, &address, &length) != 0)
            {
                throw Error("getsockname");
            }

            endPoint = RuntimeApiEndPoint.FromSockAddr(address);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A socket listening at the path of <paramref name="endPoint"/>, which must not exist (for the warm-up's canned
    /// Runtime API); the caller deletes the socket file when done.
    /// </summary>
    public static RuntimeApiSocket Listen(RuntimeApiUnixEndPoint endPoint)
    {
        var socket = Create(Libc.AF_UNIX);
        try
        {
            var address = endPoint.SockAddr;
            if (Libc.Bind(socket._fd, &address, endPoint.AddressLength) != 0)
            {
                throw Error("bind to " + endPoint);
            }

            if (Libc.Listen(socket._fd, 1) != 0)
            {
                throw Error("listen");
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Accepts one connection on a listening socket.</summary>
    public RuntimeApiSocket Accept()
    {
        while (true)
        {
            var fd = Libc.Accept4(_fd, null, null, Libc.SOCK_CLOEXEC);
            if (fd >= 0)
            {
                return new RuntimeApiSocket(fd);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.EINTR)
            {
                throw Error("accept", errno);
            }
        }
    }

    /// <summary>Sends all of <paramref name="bytes"/>, blocking while the socket buffer is full.</summary>
    public void Send(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            var sent = 0;
            while (sent < bytes.Length)
            {
                // MSG_NOSIGNAL: a closed peer is an EPIPE error here, not a SIGPIPE for the process.
                var n = Libc.Send(_fd, start + sent, bytes.Length - sent, Libc.MSG_NOSIGNAL);
                if (n >= 0)
                {
                    sent += (int)n;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR)
                {
                    throw Error("send", errno);
                }
            }
        }
    }

    /// <summary>Receives at least one byte into <paramref name="buffer"/>, blocking until some arrive; 0 at end of stream.</summary>
    public int Receive(Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var n = Libc.Recv(_fd, start, buffer.Length, 0);
                if (n >= 0)
                {
                    return (int)n;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR)
                {
                    throw Error("recv", errno);
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // close() is not retried on EINTR: on Linux the descriptor is released either way.
        if (_fd >= 0)
        {
            _ = Libc.Close(_fd);
            _fd = -1;
        }
    }

    private static RuntimeApiSocket Create(int domain)
    {
        var fd = Libc.Socket(domain, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        return fd >= 0 ? new RuntimeApiSocket(fd) : throw Error("socket");
    }

    private void SetSendTimeout(long milliseconds)
    {
        var value = new Libc.TimeVal { Seconds = milliseconds / 1000, Microseconds = milliseconds % 1000 * 1000 };
        if (Libc.SetSockOpt(_fd, Libc.SOL_SOCKET, Libc.SO_SNDTIMEO, &value, sizeof(Libc.TimeVal)) != 0)
        {
            throw Error("setsockopt(SO_SNDTIMEO)");
        }
    }

    private void SetNoDelay()
    {
        // Requests are written whole; Nagle would only hold back a response's last segment behind a delayed ACK.
        var on = 1;
        if (Libc.SetSockOpt(_fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, &on, sizeof(int)) != 0)
        {
            throw Error("setsockopt(TCP_NODELAY)");
        }
    }

    private static IOException Error(string call) => Error(call, Marshal.GetLastPInvokeError());

    private static IOException Error(string call, int errno)
        => new(call + " failed: " + Marshal.GetPInvokeErrorMessage(errno) + " (errno " + errno + ").");
}
