using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Faas.Gateway.Tests.Auth;

/// <summary>Builds an <see cref="HttpContext"/> holding a request exactly as it arrived: raw target, headers, body.</summary>
internal static class TestRequests
{
    public static DefaultHttpContext Create(string method, string rawTarget, IEnumerable<(string Name, string Value)> headers, string? body = null) =>
        Create(method, rawTarget, headers, body is null ? null : Encoding.UTF8.GetBytes(body));

    public static DefaultHttpContext Create(string method, string rawTarget, IEnumerable<(string Name, string Value)> headers, byte[]? body)
    {
        var context = new DefaultHttpContext();
        var feature = context.Features.Get<IHttpRequestFeature>()!;
        feature.Method = method;
        feature.RawTarget = rawTarget;
        var question = rawTarget.IndexOf('?');
        feature.Path = Uri.UnescapeDataString(question < 0 ? rawTarget : rawTarget[..question]);
        feature.QueryString = question < 0 ? "" : rawTarget[question..];
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
        }

        return context;
    }
}
