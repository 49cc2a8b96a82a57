using System.Net;
using Microsoft.AspNetCore.Http;

namespace Faas.Gateway.FunctionUrls;

/// <summary>What the event of one function URL request is built from: the request as sent, and who and where it reached.</summary>
internal sealed record FunctionUrlEventInput
{
    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The path below the URL's root, as sent (percent-encoded), starting with <c>/</c>.</summary>
    public required string RawPath { get; init; }

    /// <summary>The query string as sent, without <c>?</c>.</summary>
    public required string RawQuery { get; init; }

    /// <summary>The request headers as received.</summary>
    public required IHeaderDictionary Headers { get; init; }

    /// <summary>The request body.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary><c>HTTP/1.1</c>, <c>HTTP/2</c>...</summary>
    public required string Protocol { get; init; }

    /// <summary><c>http</c> or <c>https</c>, passed on as <c>x-forwarded-proto</c>.</summary>
    public required string Scheme { get; init; }

    /// <summary>The local port the request arrived on, passed on as <c>x-forwarded-port</c>.</summary>
    public required int LocalPort { get; init; }

    /// <summary>The address of the immediate peer.</summary>
    public required IPAddress? SourceIp { get; init; }

    /// <summary>The url id (<c>apiId</c>).</summary>
    public required string UrlId { get; init; }

    /// <summary>The domain the request was addressed to.</summary>
    public required string DomainName { get; init; }

    /// <summary>The first label of the domain (the url id).</summary>
    public required string DomainPrefix { get; init; }

    /// <summary>The invocation's request id.</summary>
    public required string RequestId { get; init; }

    /// <summary>The function owner's account id.</summary>
    public required string AccountId { get; init; }

    /// <summary>When the request arrived.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The access key the request was signed with, for an <c>AWS_IAM</c> URL; null for <c>NONE</c>.</summary>
    public string? CallerAccessKeyId { get; init; }

    /// <summary>The source address as text, IPv4-mapped IPv6 addresses shown as IPv4.</summary>
    public string SourceIpText => SourceIp is null ? "" : (SourceIp.IsIPv4MappedToIPv6 ? SourceIp.MapToIPv4() : SourceIp).ToString();
}
