using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Functions;

/// <summary>Lambda's rules for function URL configs.</summary>
public static class FunctionUrlValidation
{
    /// <summary>AuthType, InvokeMode and CORS members when present.</summary>
    public static RegistryError? Validate(FunctionUrlSettings settings)
    {
        if (settings.AuthType is { } authType && authType is not ("NONE" or "AWS_IAM"))
        {
            return Constraint(authType, "authType", "Member must satisfy enum value set: [NONE, AWS_IAM]");
        }

        if (settings.InvokeMode is { } invokeMode && invokeMode is not ("BUFFERED" or "RESPONSE_STREAM"))
        {
            return Constraint(invokeMode, "invokeMode", "Member must satisfy enum value set: [BUFFERED, RESPONSE_STREAM]");
        }

        if (settings.Cors is not { } cors)
        {
            return null;
        }

        if (cors.MaxAge is { } maxAge && maxAge is < 0 or > 86400)
        {
            return Constraint(maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture), "cors.maxAge", maxAge < 0 ? "Member must have value greater than or equal to 0" : "Member must have value less than or equal to 86400");
        }

        if (cors.AllowMethods is { } methods)
        {
            if (methods.Count > 6)
            {
                return Constraint($"[{string.Join(", ", methods)}]", "cors.allowMethods", "Member must have length less than or equal to 6");
            }

            if (methods.FirstOrDefault(method => method.Length > 6) is { } longMethod)
            {
                return Constraint(longMethod, "cors.allowMethods", "Member must have length less than or equal to 6");
            }
        }

        if (cors.AllowOrigins is { } origins)
        {
            if (origins.Count > 100)
            {
                return Constraint($"[{origins.Count} origins]", "cors.allowOrigins", "Member must have length less than or equal to 100");
            }

            if (origins.FirstOrDefault(origin => origin.Length is 0 or > 253) is { } badOrigin)
            {
                return Constraint(badOrigin, "cors.allowOrigins", "Member must have length between 1 and 253");
            }
        }

        foreach (var (headers, member) in new[] { (cors.AllowHeaders, "cors.allowHeaders"), (cors.ExposeHeaders, "cors.exposeHeaders") })
        {
            if (headers is { Count: > 100 })
            {
                return Constraint($"[{headers.Count} headers]", member, "Member must have length less than or equal to 100");
            }

            if (headers?.FirstOrDefault(header => header.Length > 1024) is { } longHeader)
            {
                return Constraint(longHeader, member, "Member must have length less than or equal to 1024");
            }
        }

        return null;
    }

    private static RegistryError Constraint(string value, string member, string constraint)
        => new(RegistryErrorKind.InvalidParameter, $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");
}
