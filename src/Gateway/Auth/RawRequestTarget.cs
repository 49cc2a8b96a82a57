using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Faas.Gateway.Auth;

/// <summary>
/// The request target exactly as the client sent it, split into path and query, both still percent-encoded. Signatures
/// and function URL events are built from these bytes, not from ASP.NET Core's decoded <see cref="HttpRequest.Path"/>.
/// </summary>
internal readonly record struct RawRequestTarget(string Path, string Query)
{
    public static RawRequestTarget Of(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            // No raw target (a test host): rebuild it from the escaped path and query ASP.NET Core keeps.
            var request = context.Request;
            return new RawRequestTarget(
                (request.PathBase + request.Path).ToUriComponent() is { Length: > 0 } path ? path : "/",
                request.QueryString.HasValue ? request.QueryString.Value![1..] : "");
        }

        if (raw[0] != '/' && Uri.TryCreate(raw, UriKind.Absolute, out var absolute))
        {
            // Absolute-form target (sent to a proxy): only the path and query count.
            raw = absolute.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        }

        var question = raw.IndexOf('?');
        return question < 0 ? new RawRequestTarget(raw, "") : new RawRequestTarget(raw[..question], raw[(question + 1)..]);
    }
}
