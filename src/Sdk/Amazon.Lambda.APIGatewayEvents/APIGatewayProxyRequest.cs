using System.Collections.Generic;

namespace Amazon.Lambda.APIGatewayEvents;

/// <summary>A request from an API Gateway REST API (or WebSocket API) Lambda proxy integration, payload format 1.0.</summary>
public class APIGatewayProxyRequest
{
    /// <summary>The resource path template defined in API Gateway, such as <c>/items/{id}</c>.</summary>
    public string Resource { get; set; }

    /// <summary>The URL path the caller requested.</summary>
    public string Path { get; set; }

    /// <summary>The HTTP method.</summary>
    public string HttpMethod { get; set; }

    /// <summary>The request headers with one value each; for repeated headers, the last value.</summary>
    public IDictionary<string, string> Headers { get; set; }

    /// <summary>The request headers with all their values.</summary>
    public IDictionary<string, IList<string>> MultiValueHeaders { get; set; }

    /// <summary>The query string parameters with one value each; for repeated parameters, the last value.</summary>
    public IDictionary<string, string> QueryStringParameters { get; set; }

    /// <summary>The query string parameters with all their values.</summary>
    public IDictionary<string, IList<string>> MultiValueQueryStringParameters { get; set; }

    /// <summary>The values of the path parameters of the matched resource.</summary>
    public IDictionary<string, string> PathParameters { get; set; }

    /// <summary>The stage variables of the deployment stage.</summary>
    public IDictionary<string, string> StageVariables { get; set; }

    /// <summary>The request context: account, API, stage, caller identity and authorizer output.</summary>
    public ProxyRequestContext RequestContext { get; set; }

    /// <summary>The request body, base64-encoded when <see cref="IsBase64Encoded"/> is true.</summary>
    public string Body { get; set; }

    /// <summary>Whether <see cref="Body"/> is base64-encoded.</summary>
    public bool IsBase64Encoded { get; set; }

    /// <summary>Identifies the AWS account, API and stage handling the request, and the caller.</summary>
    public class ProxyRequestContext
    {
        /// <summary>The full request path including the stage.</summary>
        public string Path { get; set; }

        /// <summary>The AWS account id that owns the API.</summary>
        public string AccountId { get; set; }

        /// <summary>The resource id.</summary>
        public string ResourceId { get; set; }

        /// <summary>The deployment stage name.</summary>
        public string Stage { get; set; }

        /// <summary>The unique request id.</summary>
        public string RequestId { get; set; }

        /// <summary>The caller's identity.</summary>
        public RequestIdentity Identity { get; set; }

        /// <summary>The resource path template defined in API Gateway.</summary>
        public string ResourcePath { get; set; }

        /// <summary>The HTTP method.</summary>
        public string HttpMethod { get; set; }

        /// <summary>The API id.</summary>
        public string ApiId { get; set; }

        /// <summary>The extended request id API Gateway generates for troubleshooting.</summary>
        public string ExtendedRequestId { get; set; }

        /// <summary>The WebSocket connection id (WebSocket APIs only).</summary>
        public string ConnectionId { get; set; }

        /// <summary>The WebSocket connection time, in milliseconds since the Unix epoch (WebSocket APIs only).</summary>
        public long ConnectionAt { get; set; }

        /// <summary>The domain name the API was called on.</summary>
        public string DomainName { get; set; }

        /// <summary>The first label of <see cref="DomainName"/>.</summary>
        public string DomainPrefix { get; set; }

        /// <summary>The WebSocket event type: CONNECT, MESSAGE or DISCONNECT (WebSocket APIs only).</summary>
        public string EventType { get; set; }

        /// <summary>The WebSocket message id (WebSocket MESSAGE events only).</summary>
        public string MessageId { get; set; }

        /// <summary>The selected WebSocket route key (WebSocket APIs only).</summary>
        public string RouteKey { get; set; }

        /// <summary>The output of a custom or Cognito authorizer.</summary>
        public APIGatewayCustomAuthorizerContext Authorizer { get; set; }

        /// <summary>The operation name.</summary>
        public string OperationName { get; set; }

        /// <summary>The error message, if any.</summary>
        public string Error { get; set; }

        /// <summary>The integration latency.</summary>
        public string IntegrationLatency { get; set; }

        /// <summary>The WebSocket message direction.</summary>
        public string MessageDirection { get; set; }

        /// <summary>The request time, formatted <c>dd/MMM/yyyy:HH:mm:ss +0000</c>.</summary>
        public string RequestTime { get; set; }

        /// <summary>The request time, in milliseconds since the Unix epoch.</summary>
        public long RequestTimeEpoch { get; set; }

        /// <summary>The status.</summary>
        public string Status { get; set; }
    }

    /// <summary>The identity of the caller.</summary>
    public class RequestIdentity
    {
        /// <summary>The Cognito identity pool id.</summary>
        public string CognitoIdentityPoolId { get; set; }

        /// <summary>The caller's AWS account id.</summary>
        public string AccountId { get; set; }

        /// <summary>The Cognito identity id.</summary>
        public string CognitoIdentityId { get; set; }

        /// <summary>The caller's principal id.</summary>
        public string Caller { get; set; }

        /// <summary>The API key.</summary>
        public string ApiKey { get; set; }

        /// <summary>The API key id.</summary>
        public string ApiKeyId { get; set; }

        /// <summary>The AWS access key of the caller.</summary>
        public string AccessKey { get; set; }

        /// <summary>The caller's source IP address.</summary>
        public string SourceIp { get; set; }

        /// <summary>The Cognito authentication type.</summary>
        public string CognitoAuthenticationType { get; set; }

        /// <summary>The Cognito authentication provider.</summary>
        public string CognitoAuthenticationProvider { get; set; }

        /// <summary>The caller's user ARN.</summary>
        public string UserArn { get; set; }

        /// <summary>The caller's User-Agent.</summary>
        public string UserAgent { get; set; }

        /// <summary>The caller's user id.</summary>
        public string User { get; set; }

        /// <summary>The client certificate presented in mutual TLS, if any.</summary>
        public ProxyRequestClientCert ClientCert { get; set; }
    }

    /// <summary>A client certificate presented in mutual TLS.</summary>
    public class ProxyRequestClientCert
    {
        /// <summary>The PEM-encoded certificate.</summary>
        public string ClientCertPem { get; set; }

        /// <summary>The distinguished name of the certificate's subject.</summary>
        public string SubjectDN { get; set; }

        /// <summary>The distinguished name of the certificate's issuer.</summary>
        public string IssuerDN { get; set; }

        /// <summary>The certificate's serial number.</summary>
        public string SerialNumber { get; set; }

        /// <summary>The certificate's validity period.</summary>
        public ClientCertValidity Validity { get; set; }
    }

    /// <summary>The validity period of a client certificate.</summary>
    public class ClientCertValidity
    {
        /// <summary>The date before which the certificate is not valid.</summary>
        public string NotBefore { get; set; }

        /// <summary>The date after which the certificate is not valid.</summary>
        public string NotAfter { get; set; }
    }
}
