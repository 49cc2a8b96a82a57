namespace Faas.Scheduler.Functions;

/// <summary>Lambda's ARNs for this platform's region and account.</summary>
internal sealed class FunctionArns(SchedulerOptions options)
{
    /// <summary><c>arn:aws:lambda:{region}:{account}:function:{name}</c>.</summary>
    public string Function(string name) => $"arn:aws:lambda:{options.Region}:{options.AccountId}:function:{name}";

    /// <summary>The function ARN with <c>:{qualifier}</c> (a version or alias).</summary>
    public string Qualified(string name, string qualifier) => $"{Function(name)}:{qualifier}";
}
