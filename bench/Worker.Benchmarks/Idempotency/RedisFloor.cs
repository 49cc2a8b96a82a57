using System.Diagnostics;
using System.Globalization;

namespace Faas.Benchmarks.Idempotency;

/// <summary>redis-benchmark's SET and GET latency against the same server, one client, as the floor of the idempotent path.</summary>
internal static class RedisFloor
{
    /// <summary>Runs <c>redis-benchmark -p PORT -t set,get -n COUNT -c 1 --csv</c> and reads the p50 of each test (ms).</summary>
    public static async Task<(double SetP50, double GetP50, string Command)> MeasureAsync(int port, int count)
    {
        var start = new ProcessStartInfo("redis-benchmark")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args = ["-p", port.ToString(CultureInfo.InvariantCulture), "-t", "set,get", "-n", count.ToString(CultureInfo.InvariantCulture), "-c", "1", "--csv"];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-benchmark.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-benchmark exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
        }

        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",...
        double set = double.NaN, get = double.NaN;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var cells = line.Split(',').Select(static cell => cell.Trim('"')).ToArray();
            if (cells.Length > 4 && double.TryParse(cells[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var p50))
            {
                if (cells[0] == "SET")
                {
                    set = p50;
                }
                else if (cells[0] == "GET")
                {
                    get = p50;
                }
            }
        }

        return (set, get, $"redis-benchmark {string.Join(' ', args)}");
    }
}
