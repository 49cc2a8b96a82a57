namespace Faas.Scheduler.Scaling;

/// <summary>A function and the qualifier its records invoke.</summary>
internal readonly record struct BacklogKey(string FunctionName, string Qualifier);
