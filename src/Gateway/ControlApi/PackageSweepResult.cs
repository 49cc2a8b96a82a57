namespace Faas.Gateway.ControlApi;

/// <summary>What one package sweep did.</summary>
internal readonly record struct PackageSweepResult
{
    /// <summary>A sweep that deleted nothing because it could not list every function's versions.</summary>
    public static PackageSweepResult Skipped => default;

    /// <summary>Whether every function's versions were listed (a sweep that could not deletes nothing).</summary>
    public bool Completed { get; init; }

    /// <summary>Zips in the folder that a function version references.</summary>
    public int ReferencedZips { get; init; }

    /// <summary>Unreferenced zips deleted.</summary>
    public int DeletedZips { get; init; }

    /// <summary>Temporary files of interrupted uploads (or deletes) removed.</summary>
    public int DeletedLeftovers { get; init; }

    /// <summary>Bytes the deleted files held.</summary>
    public long BytesFreed { get; init; }
}
