using Faas.Cli.Tests.Common;

namespace Faas.Cli.Tests.EndToEnd;

/// <summary>Stopping <c>faas up</c> and starting it again on the same data folder.</summary>
public sealed class UpLifecycleTests
{
    [Fact]
    public async Task Up_SigtermThenUpAgain_StopsCleanlyAndKeepsServing()
    {
        var data = TestPaths.NewTempFolder("faas-cli-restart");
        try
        {
            await using (var first = await FaasUpProcess.StartAsync("--port", "0", "--data-dir", data))
            {
                var stopped = await first.StopAsync(TimeSpan.FromSeconds(30));

                Assert.True(stopped, first.ToString());
                Assert.True(first.ExitCode == 0, first.ToString());
                Assert.Contains("Stopping Faas", first.Stdout);
            }

            // The second start finds 'hello' in the registry and updates it instead of creating it.
            await using var second = await FaasUpProcess.StartAsync("--port", "0", "--data-dir", data);
            var result = await CliRunner.RunAsync(["invoke", "hello", "--endpoint", second.Endpoint.ToString()]);

            Assert.True(result.ExitCode == 0, result.ToString() + second);
            Assert.Equal("""{"message":"Hello, world!"}""", result.Stdout.Trim());
            Assert.DoesNotContain("warning", second.Stderr, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Environments may still be releasing files; the temp folder is cleaned by the OS.
            }
        }
    }
}
