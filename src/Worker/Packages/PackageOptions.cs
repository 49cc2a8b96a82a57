namespace Faas.Worker.Packages;

/// <summary>How long a worker keeps unpacked deployment packages, bound from <c>Worker:Packages</c>.</summary>
public sealed class PackageOptions
{
    /// <summary>How long an unpacked package that no environment uses stays on disk before it is removed; infinite keeps them all.</summary>
    public TimeSpan UnusedRetention { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often unused unpacked packages are looked for; zero or infinite turns their removal off.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
