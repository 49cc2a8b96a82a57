using System.Buffers.Binary;
using System.Globalization;

namespace Faas.Host.RuntimeApi;

/// <summary>An IPv4 address (host byte order) and port of the Runtime API.</summary>
internal readonly record struct RuntimeApiEndPoint(uint Address, ushort Port)
{
    /// <summary>127.0.0.1.</summary>
    public const uint Loopback = 0x7F000001;

    /// <summary>
    /// Parses <c>AWS_LAMBDA_RUNTIME_API</c>: <c>a.b.c.d:port</c> or <c>localhost:port</c>. The worker always gives an
    /// IPv4 loopback literal, so names are not resolved (that would bring System.Net.NameResolution in for nothing).
    /// </summary>
    public static RuntimeApiEndPoint Parse(string runtimeApi)
    {
        var colon = runtimeApi.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(runtimeApi.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new ArgumentException("AWS_LAMBDA_RUNTIME_API must be host:port, not '" + runtimeApi + "'.", nameof(runtimeApi));
        }

        var host = runtimeApi.AsSpan(0, colon);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new RuntimeApiEndPoint(Loopback, port);
        }

        if (!TryParseIPv4(host, out var address))
        {
            throw new ArgumentException(
                "AWS_LAMBDA_RUNTIME_API must be an IPv4 address or localhost with a port, not '" + runtimeApi + "'.", nameof(runtimeApi));
        }

        return new RuntimeApiEndPoint(address, port);
    }

    /// <summary>This end point as a <c>sockaddr_in</c>.</summary>
    public Libc.SockAddrIn ToSockAddr() => new()
    {
        Family = Libc.AF_INET,
        Port = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(Port) : Port,
        Address = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(Address) : Address,
    };

    /// <summary>The end point of a <c>sockaddr_in</c>.</summary>
    public static RuntimeApiEndPoint FromSockAddr(in Libc.SockAddrIn address) => new(
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(address.Address) : address.Address,
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(address.Port) : address.Port);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Address >> 24}.{(Address >> 16) & 0xFF}.{(Address >> 8) & 0xFF}.{Address & 0xFF}:{Port}");

    // Dotted decimal, four parts of 0-255.
    private static bool TryParseIPv4(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        for (var part = 0; part < 4; part++)
        {
            var dot = part < 3 ? text.IndexOf('.') : text.Length;
            if (dot <= 0 || dot > 3 || !byte.TryParse(text[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            address = (address << 8) | value;
            text = part < 3 ? text[(dot + 1)..] : [];
        }

        return true;
    }
}
