using Faas.Host.RuntimeApi;

namespace Faas.Host.StemCells;

/// <summary>Waits for the worker to give this stem cell a function and applies the function's environment to the process.</summary>
internal static class Specialization
{
    /// <summary>The variable that puts the host in stem-cell mode when it is <c>1</c>.</summary>
    public const string StemCellVariable = "FAAS_STEM_CELL";

    /// <summary>True when the process was started as a stem cell.</summary>
    public static bool IsStemCell => Environment.GetEnvironmentVariable(StemCellVariable) is "1" or "true";

    /// <summary>Long-polls <c>/faas/specialize</c> and sets every variable it returns; false when the worker answered 410 (exit).</summary>
    public static async Task<bool> WaitAndApplyAsync(RuntimeApiClient client, CancellationToken cancellationToken)
    {
        var environment = await client.WaitForSpecializationAsync(cancellationToken).ConfigureAwait(false);
        if (environment is null)
        {
            return false;
        }

        foreach (var (name, value) in environment)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        // The cell is no longer a stem cell; child processes must not think otherwise.
        if (!environment.ContainsKey(StemCellVariable))
        {
            Environment.SetEnvironmentVariable(StemCellVariable, null);
        }

        // TZ may have changed; the local time zone is cached from process start.
        TimeZoneInfo.ClearCachedData();
        return true;
    }
}
