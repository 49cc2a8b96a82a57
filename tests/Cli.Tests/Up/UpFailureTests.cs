using System.Net;
using System.Net.Sockets;
using Faas.Cli.Tests.Common;
using Faas.Cli.Tests.CommandLine;

namespace Faas.Cli.Tests.Up;

/// <summary><c>faas up</c> refusing to start: one line on stderr, a non-zero exit, nothing left running.</summary>
public sealed class UpFailureTests
{
    [Fact]
    public async Task Up_PortInUse_OneLineNamingThePort()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var data = TestPaths.NewTempFolder();

        var result = await CliRunner.RunAsync(["up", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", data]);

        CommandLineErrorTests.AssertOneLineFailure(result, 1, $"faas: port {port} on 127.0.0.1 is already in use");
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Up_DataFolderUnderAFile_OneLineNamingTheFolder()
    {
        var file = Path.Combine(TestPaths.NewTempFolder(), "not-a-folder");
        File.WriteAllText(file, "");
        var data = Path.Combine(file, "data");

        var result = await CliRunner.RunAsync(["up", "--port", "0", "--data-dir", data]);

        CommandLineErrorTests.AssertOneLineFailure(result, 1, $"faas: cannot use data folder {data}");
    }

    [Fact]
    public async Task Up_DataFolderInProc_OneLineNamingTheFolder()
    {
        var result = await CliRunner.RunAsync(["up", "--port", "0", "--data-dir", "/proc/faas-data"]);

        CommandLineErrorTests.AssertOneLineFailure(result, 1, "faas: cannot use data folder /proc/faas-data");
    }

    [Fact]
    public async Task Up_BindNotAnAddress_OneLineNamingTheSetting()
    {
        var data = TestPaths.NewTempFolder();

        var result = await CliRunner.RunAsync(["up", "--port", "0", "--bind", "localhost-ish", "--data-dir", data]);

        CommandLineErrorTests.AssertOneLineFailure(result, 2, "faas: invalid configuration: Gateway:BindAddress must be an IP address");
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Up_PortOutOfRange_OneLineAndUsageExit()
    {
        var result = await CliRunner.RunAsync(["up", "--port", "70000"]);

        CommandLineErrorTests.AssertOneLineFailure(result, 2, "faas: --port must be 0-65535");
    }
}
