namespace Faas.Worker.Environments;

/// <summary>How a worker runs execution environments.</summary>
public sealed class EnvironmentOptions
{
    /// <summary>Most environments (stem cells included) alive at once; one loopback Runtime API port is bound for each.</summary>
    public int MaxEnvironments { get; set; } = 64;

    /// <summary>Pre-started generic .NET hosts kept ready to specialise for a dotnet function; 0 turns stem cells off.</summary>
    public int StemCells { get; set; } = 2;

    /// <summary>Longest time a runtime may take from start to its first <c>next</c> call.</summary>
    public TimeSpan InitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often resident memory of each environment is checked against its function's memory size.</summary>
    public TimeSpan MemoryPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Memory the worker may promise to environments, in MB; 0 means 80% of the machine's memory.</summary>
    public long MemoryBudgetMb { get; set; }

    /// <summary>
    /// The user environments run as when the worker runs as root (Lambda's functions never run as root); empty runs
    /// them as the worker's user.
    /// </summary>
    public string RunAsUser { get; set; } = "nobody";

    /// <summary>The <c>dotnet</c> executable that runs the .NET host; found from the running process or PATH when empty.</summary>
    public string DotnetPath { get; set; } = "";

    /// <summary>Path of <c>Faas.Host.dll</c>; the copy beside the worker when empty.</summary>
    public string HostPath { get; set; } = "";
}
