namespace Faas.Cli.Api;

/// <summary>
/// The credentials requests are signed with, found as the AWS CLI finds them: <c>AWS_ACCESS_KEY_ID</c> /
/// <c>AWS_SECRET_ACCESS_KEY</c> / <c>AWS_SESSION_TOKEN</c>, else the profile <c>AWS_PROFILE</c> (or <c>default</c>) of
/// the shared credentials file. Without any, a placeholder pair is used: a gateway on loopback accepts any credentials.
/// </summary>
internal sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken, string Region)
{
    /// <summary>The credentials and region of this process's environment.</summary>
    public static AwsCredentials FromEnvironment()
    {
        var region = Variable("AWS_REGION") ?? Variable("AWS_DEFAULT_REGION") ?? "us-east-1";
        if (Variable("AWS_ACCESS_KEY_ID") is { } keyId && Variable("AWS_SECRET_ACCESS_KEY") is { } secret)
        {
            return new AwsCredentials(keyId, secret, Variable("AWS_SESSION_TOKEN"), region);
        }

        var file = Variable("AWS_SHARED_CREDENTIALS_FILE")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "credentials");
        if (FromProfile(file, Variable("AWS_PROFILE") ?? "default") is { } profile)
        {
            return profile with { Region = region };
        }

        return new AwsCredentials("faas", "faas", null, region);
    }

    private static AwsCredentials? FromProfile(string file, string profile)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var inProfile = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                inProfile = line[1..^1].Trim() == profile;
            }
            else if (inProfile && line.IndexOf('=') is var eq and > 0)
            {
                values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
            }
        }

        return values.TryGetValue("aws_access_key_id", out var id) && values.TryGetValue("aws_secret_access_key", out var key)
            ? new AwsCredentials(id, key, values.GetValueOrDefault("aws_session_token"), "")
            : null;
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
