namespace Faas.Gateway.FunctionUrls;

/// <summary>
/// Which event a function URL sends its function. Lambda's function URLs send payload format 2.0; a function asks for the
/// REST proxy format 1.0 (for code written against <c>APIGatewayProxyRequest</c>) with the environment variable
/// <c>FAAS_URL_PAYLOAD_FORMAT=1.0</c>.
/// </summary>
internal enum FunctionUrlPayloadFormat
{
    /// <summary>HTTP API payload format 2.0 (<c>APIGatewayHttpApiV2ProxyRequest</c>), Lambda's own.</summary>
    V2,

    /// <summary>REST proxy payload format 1.0 (<c>APIGatewayProxyRequest</c>).</summary>
    V1,
}
