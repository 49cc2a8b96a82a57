using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Faas.Gateway.Errors;

namespace Faas.Gateway.ControlApi;

/// <summary>
/// Lambda's <c>FunctionName</c> forms, as paths and bodies carry them: <c>my-fn</c>, <c>my-fn:qualifier</c>, the full ARN
/// <c>arn:aws:lambda:us-east-1:123456789012:function:my-fn[:qualifier]</c> and partial ARNs such as
/// <c>123456789012:function:my-fn[:qualifier]</c>, URL-encoded or not. An ARN's region and account are not compared with
/// this platform's, so scripts written for an AWS account keep working.
/// </summary>
public static partial class FunctionNames
{
    /// <summary>The longest plain function name.</summary>
    public const int MaxNameLength = 64;

    private const string Pattern = @"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?";

    /// <summary>Splits a FunctionName into the plain name and the qualifier it carries (null when none).</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out string? name, out string? qualifier)
    {
        name = null;
        qualifier = null;
        if (string.IsNullOrEmpty(value) || value.Length > 256)
        {
            return false;
        }

        if (value.Contains('%', StringComparison.Ordinal))
        {
            value = Uri.UnescapeDataString(value);
        }

        // A plain name, as nearly every Invoke carries: every optional part of the pattern ends with ':', so the whole
        // value is the name, and the per-request match and its captures are skipped.
        if (!value.AsSpan().ContainsAnyExcept(NameCharacters))
        {
            if (value.Length > MaxNameLength)
            {
                return false;
            }

            name = value;
            return true;
        }

        var match = FunctionNameRegex().Match(value);
        if (!match.Success || match.Groups["name"].Length > MaxNameLength)
        {
            return false;
        }

        name = match.Groups["name"].Value;
        qualifier = match.Groups["qualifier"].Success ? match.Groups["qualifier"].Value : null;
        return true;
    }

    /// <summary>
    /// Parses the FunctionName of a request and reconciles the qualifier it carries with a <c>?Qualifier=</c>: null when
    /// both are fine (the qualifier is whichever is given, or null), else the error to answer.
    /// </summary>
    public static LambdaError? Parse(string? functionName, string? queryQualifier, out string name, out string? qualifier)
    {
        name = "";
        qualifier = null;
        if (!TryParse(functionName, out var parsedName, out var pathQualifier))
        {
            return InvalidFunctionName(functionName);
        }

        name = parsedName;
        if (string.IsNullOrEmpty(queryQualifier))
        {
            qualifier = pathQualifier;
            return null;
        }

        if (queryQualifier.Length > 128 || !QualifierRegex().IsMatch(queryQualifier))
        {
            return LambdaError.InvalidParameterValue($"1 validation error detected: Value '{queryQualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)");
        }

        if (pathQualifier is not null && pathQualifier != queryQualifier)
        {
            return LambdaError.InvalidParameterValue("The derived qualifier from the function name does not match the specified qualifier.");
        }

        qualifier = queryQualifier;
        return null;
    }

    /// <summary>Lambda's answer to a FunctionName that fits none of the forms.</summary>
    public static LambdaError InvalidFunctionName(string? functionName)
        => LambdaError.InvalidParameterValue(functionName is { Length: > 0 }
            ? $"1 validation error detected: Value '{functionName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: {Pattern}"
            : "1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null");

    private static readonly SearchValues<char> NameCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    [GeneratedRegex(@"^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?(?<name>[a-zA-Z0-9-_.]+)(:(?<qualifier>\$LATEST|[a-zA-Z0-9-_]{1,128}))?$")]
    private static partial Regex FunctionNameRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9$_-]+$")]
    private static partial Regex QualifierRegex();
}
