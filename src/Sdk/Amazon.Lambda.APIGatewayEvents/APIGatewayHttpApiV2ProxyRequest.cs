using System.Collections.Generic;

namespace Amazon.Lambda.APIGatewayEvents;

/// <summary>A request from an API Gateway HTTP API or a Lambda function URL, payload format 2.0.</summary>
public class APIGatewayHttpApiV2ProxyRequest
{
    /// <summary>The payload format version, <c>2.0</c>.</summary>
    public string Version { get; set; }

    /// <summary>The matched route key, <c>$default</c> for function URLs.</summary>
    public string RouteKey { get; set; }

    /// <summary>The request path, not decoded.</summary>
    public string RawPath { get; set; }

    /// <summary>The query string without the leading <c>?</c>, not decoded.</summary>
    public string RawQueryString { get; set; }

    /// <summary>The cookies of the request's <c>Cookie</c> header(s), one <c>name=value</c> per entry.</summary>
    public string[] Cookies { get; set; }

    /// <summary>The request headers; several values of one header are joined with commas.</summary>
    public IDictionary<string, string> Headers { get; set; }

    /// <summary>The query string parameters; several values of one parameter are joined with commas.</summary>
    public IDictionary<string, string> QueryStringParameters { get; set; }

    /// <summary>The request context: account, API, HTTP details, authentication and authorizer output.</summary>
    public ProxyRequestContext RequestContext { get; set; }

    /// <summary>The request body, base64-encoded when <see cref="IsBase64Encoded"/> is true.</summary>
    public string Body { get; set; }

    /// <summary>The values of the path parameters of the matched route.</summary>
    public IDictionary<string, string> PathParameters { get; set; }

    /// <summary>Whether <see cref="Body"/> is base64-encoded.</summary>
    public bool IsBase64Encoded { get; set; }

    /// <summary>The stage variables of the stage.</summary>
    public IDictionary<string, string> StageVariables { get; set; }

    /// <summary>Identifies the AWS account, API and stage handling the request, and describes the HTTP request.</summary>
    public class ProxyRequestContext
    {
        /// <summary>The AWS account id that owns the API or function.</summary>
        public string AccountId { get; set; }

        /// <summary>The API id, or the function URL id.</summary>
        public string ApiId { get; set; }

        /// <summary>The output of the JWT, IAM or Lambda authorizer.</summary>
        public AuthorizerDescription Authorizer { get; set; }

        /// <summary>The domain name the request was sent to.</summary>
        public string DomainName { get; set; }

        /// <summary>The first label of <see cref="DomainName"/>.</summary>
        public string DomainPrefix { get; set; }

        /// <summary>The HTTP method, path, protocol, source IP and User-Agent.</summary>
        public HttpDescription Http { get; set; }

        /// <summary>The unique request id.</summary>
        public string RequestId { get; set; }

        /// <summary>The matched route id (HTTP APIs only).</summary>
        public string RouteId { get; set; }

        /// <summary>The matched route key.</summary>
        public string RouteKey { get; set; }

        /// <summary>The stage name, <c>$default</c> for function URLs.</summary>
        public string Stage { get; set; }

        /// <summary>The request time, formatted <c>dd/MMM/yyyy:HH:mm:ss +0000</c>.</summary>
        public string Time { get; set; }

        /// <summary>The request time, in milliseconds since the Unix epoch.</summary>
        public long TimeEpoch { get; set; }

        /// <summary>The mutual TLS authentication details, if any.</summary>
        public ProxyRequestAuthentication Authentication { get; set; }
    }

    /// <summary>Mutual TLS authentication details.</summary>
    public class ProxyRequestAuthentication
    {
        /// <summary>The client certificate presented.</summary>
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

    /// <summary>The HTTP details of the request.</summary>
    public class HttpDescription
    {
        /// <summary>The HTTP method.</summary>
        public string Method { get; set; }

        /// <summary>The request path.</summary>
        public string Path { get; set; }

        /// <summary>The protocol, such as <c>HTTP/1.1</c>.</summary>
        public string Protocol { get; set; }

        /// <summary>The caller's source IP address.</summary>
        public string SourceIp { get; set; }

        /// <summary>The caller's User-Agent.</summary>
        public string UserAgent { get; set; }
    }

    /// <summary>The output of the authorizer that allowed the request.</summary>
    public class AuthorizerDescription
    {
        /// <summary>The claims and scopes of a JWT authorizer.</summary>
        public JwtDescription Jwt { get; set; }

        /// <summary>The context returned by a Lambda authorizer.</summary>
        public IDictionary<string, object> Lambda { get; set; }

        /// <summary>The caller details of an IAM (<c>AWS_IAM</c>) authorizer.</summary>
        public IAMDescription IAM { get; set; }

        /// <summary>The caller details of an IAM authorizer.</summary>
        public class IAMDescription
        {
            /// <summary>The caller's AWS access key.</summary>
            public string AccessKey { get; set; }

            /// <summary>The caller's AWS account id.</summary>
            public string AccountId { get; set; }

            /// <summary>The caller's principal id.</summary>
            public string CallerId { get; set; }

            /// <summary>The caller's Cognito identity, if any.</summary>
            public CognitoIdentityDescription CognitoIdentity { get; set; }

            /// <summary>The caller's AWS Organizations id.</summary>
            public string PrincipalOrgId { get; set; }

            /// <summary>The caller's user ARN.</summary>
            public string UserARN { get; set; }

            /// <summary>The caller's user id.</summary>
            public string UserId { get; set; }
        }

        /// <summary>The Cognito identity of an IAM caller.</summary>
        public class CognitoIdentityDescription
        {
            /// <summary>The authentication methods references.</summary>
            public IList<string> AMR { get; set; }

            /// <summary>The Cognito identity id.</summary>
            public string IdentityId { get; set; }

            /// <summary>The Cognito identity pool id.</summary>
            public string IdentityPoolId { get; set; }
        }

        /// <summary>The claims and scopes of a JWT.</summary>
        public class JwtDescription
        {
            /// <summary>The token's claims.</summary>
            public IDictionary<string, string> Claims { get; set; }

            /// <summary>The token's scopes.</summary>
            public string[] Scopes { get; set; }
        }
    }
}
