namespace Faas.Gateway.FunctionUrls;

/// <summary>A function URL request's URL id, its path below the URL's root and query (both as sent), and the domain it was addressed to.</summary>
internal readonly record struct FunctionUrlRequestTarget(string UrlId, string RawPath, string RawQuery, string DomainName, string DomainPrefix);
