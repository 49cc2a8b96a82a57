using System.Runtime.InteropServices;

namespace Faas.Host.RuntimeApi;

/// <summary>
/// The libc socket calls of the Runtime API transport (Linux constants, the same on x64 and arm64): TCP over IPv4
/// (<c>AWS_LAMBDA_RUNTIME_API</c>) or a Unix-domain stream socket (<c>FAAS_RUNTIME_API_SOCKET</c>).
/// </summary>
/// <remarks>
/// System.Net.Sockets would cost an idle environment 1.5-2 MB (it brings System.Net.Primitives,
/// System.Collections.Concurrent and, through its telemetry, System.Diagnostics.DiagnosticSource) and completes every
/// receive on its epoll thread and then a thread-pool thread; the invocation loop is strictly sequential, so blocking
/// calls on its own thread are both smaller and one wake-up quicker, as in AWS's own C++ runtime client.
/// "libc" resolves to the C library of the platform (libc.so.6 on glibc).
/// </remarks>
internal static unsafe partial class Libc
{
    public const int AF_UNIX = 1;
    public const int AF_INET = 2;
    public const int SOCK_STREAM = 1;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int IPPROTO_TCP = 6;
    public const int TCP_NODELAY = 1;
    public const int SOL_SOCKET = 1;
    public const int SO_SNDTIMEO = 21;
    public const int MSG_NOSIGNAL = 0x4000;

    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EINPROGRESS = 115;

    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, void* address, int addressLength);

    [LibraryImport(Library, EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, void* address, int addressLength);

    [LibraryImport(Library, EntryPoint = "listen", SetLastError = true)]
    public static partial int Listen(int fd, int backlog);

    [LibraryImport(Library, EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept4(int fd, SockAddrIn* address, int* addressLength, int flags);

    [LibraryImport(Library, EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(int fd, SockAddrIn* address, int* addressLength);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, int valueLength);

    [LibraryImport(Library, EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport(Library, EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary><c>struct sockaddr_in</c>: port and address in network byte order.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockAddrIn
    {
        public ushort Family;
        public ushort Port;
        public uint Address;
        public ulong Zero;
    }

    /// <summary><c>struct sockaddr_un</c>: the family, then a NUL-terminated path of at most 107 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockAddrUn
    {
        /// <summary>The size of <c>sun_path</c>.</summary>
        public const int PathSize = 108;

        public ushort Family;
        public fixed byte Path[PathSize];
    }

    /// <summary><c>struct timeval</c> on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }
}
