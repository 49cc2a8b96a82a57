using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Faas.Contracts.Networking;

namespace Faas.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port with its own data folder, for tests that need Redis. Writes are in
/// an append-only file synced on every write, so <see cref="Kill"/> followed by <see cref="RestartAsync"/> keeps every
/// acknowledged write, as a crashed and restarted production Redis with <c>appendfsync always</c> would.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _output = new();
    private Process? _process;

    private readonly string _appendFsync;

    private RedisServer(int port, string dataDirectory, string appendFsync)
    {
        Port = port;
        DataDirectory = dataDirectory;
        _appendFsync = appendFsync;
    }

    /// <summary>The loopback port the server listens on (the same across restarts).</summary>
    public int Port { get; }

    /// <summary>The server's data folder (append-only file).</summary>
    public string DataDirectory { get; }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts a server on a free port; retries with another port if one is taken in between.</summary>
    public static Task<RedisServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(fsyncEveryWrite: true, cancellationToken);

    /// <summary>
    /// Starts a server; <paramref name="fsyncEveryWrite"/> false syncs the append-only file once a second instead
    /// (Redis's recommended production setting, for measurements; a kill may then lose the last second of writes).
    /// </summary>
    public static async Task<RedisServer> StartAsync(bool fsyncEveryWrite, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(UnusedPorts.Pick(), Path.Combine(Path.GetTempPath(), $"faas-redis-{Guid.NewGuid():N}"), fsyncEveryWrite ? "always" : "everysec");
            Directory.CreateDirectory(server.DataDirectory);
            try
            {
                await server.RunAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts the server again on the same port and data folder.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Kill();
        return RunAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }

        return ValueTask.CompletedTask;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", DataDirectory, "--appendonly", "yes", "--appendfsync", _appendFsync, "--save", "",
            "--daemonize", "no", "--protected-mode", "yes",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (!await PingAsync(timeout.Token))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}: {Output()}");
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cancellationToken);

            // Until the append-only file is loaded Redis answers -LOADING; only +PONG means ready.
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}
