using System.Text;

namespace Faas.Host.RuntimeApi;

/// <summary>The path of a Unix-domain socket serving the Runtime API (<c>FAAS_RUNTIME_API_SOCKET</c>), as a <c>sockaddr_un</c>.</summary>
internal sealed unsafe class RuntimeApiUnixEndPoint
{
    /// <summary>The longest path in UTF-8 bytes: <c>sun_path</c> less its terminating NUL.</summary>
    public const int MaxPathBytes = Libc.SockAddrUn.PathSize - 1;

    private readonly Libc.SockAddrUn _address;

    private RuntimeApiUnixEndPoint(string path, Libc.SockAddrUn address, int addressLength)
    {
        Path = path;
        _address = address;
        AddressLength = addressLength;
    }

    /// <summary>The socket's path.</summary>
    public string Path { get; }

    /// <summary>This end point as a <c>sockaddr_un</c> (a copy).</summary>
    public Libc.SockAddrUn SockAddr => _address;

    /// <summary>The length of <see cref="SockAddr"/> to give connect/bind: the family, the path and its NUL.</summary>
    public int AddressLength { get; }

    /// <summary>
    /// Checks <paramref name="path"/>: absolute (connections are remade after the host changes directory), without NUL,
    /// at most <see cref="MaxPathBytes"/> bytes in UTF-8. Abstract-namespace sockets are not supported.
    /// </summary>
    public static RuntimeApiUnixEndPoint Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith('/') || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("FAAS_RUNTIME_API_SOCKET must be the absolute path of a Unix socket, not '" + path + "'.", nameof(path));
        }

        var length = Encoding.UTF8.GetByteCount(path);
        if (length > MaxPathBytes)
        {
            throw new ArgumentException(
                "FAAS_RUNTIME_API_SOCKET is " + length + " bytes long in UTF-8; a Unix socket path holds at most " + MaxPathBytes
                + " bytes: '" + path + "'.", nameof(path));
        }

        var address = new Libc.SockAddrUn { Family = Libc.AF_UNIX };
        var written = Encoding.UTF8.GetBytes(path, new Span<byte>(address.Path, MaxPathBytes));
        address.Path[written] = 0;
        return new RuntimeApiUnixEndPoint(path, address, sizeof(ushort) + written + 1);
    }

    /// <inheritdoc />
    public override string ToString() => "unix:" + Path;
}
