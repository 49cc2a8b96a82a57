using System.Text.Json.Nodes;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Serialization.SystemTextJson;

namespace Faas.Sdk.Tests.APIGatewayEvents;

public class APIGatewayProxyRequestTests
{
    [Fact]
    public void Deserialize_RestApiEvent_ReadsEveryField()
    {
        var request = new DefaultLambdaJsonSerializer().DeserializeFromString<APIGatewayProxyRequest>(RestApiEvent);

        Assert.Equal("/items/{id}", request.Resource);
        Assert.Equal("/items/42", request.Path);
        Assert.Equal("GET", request.HttpMethod);
        Assert.Equal("b", request.Headers["X-Multi"]);
        Assert.Equal(["a", "b"], request.MultiValueHeaders["X-Multi"]);
        Assert.Equal("2", request.QueryStringParameters["q"]);
        Assert.Equal(["1", "2"], request.MultiValueQueryStringParameters["q"]);
        Assert.Equal("42", request.PathParameters["id"]);
        Assert.Null(request.StageVariables);
        Assert.Null(request.Body);
        Assert.False(request.IsBase64Encoded);
        var context = request.RequestContext;
        Assert.Equal("123456789012", context.AccountId);
        Assert.Equal("1234567890", context.ApiId);
        Assert.Equal("abc123", context.ResourceId);
        Assert.Equal("/items/{id}", context.ResourcePath);
        Assert.Equal("GET", context.HttpMethod);
        Assert.Equal("/prod/items/42", context.Path);
        Assert.Equal("prod", context.Stage);
        Assert.Equal("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", context.RequestId);
        Assert.Equal("BQGojGN9oAMFZmA=", context.ExtendedRequestId);
        Assert.Equal("09/Apr/2015:12:34:56 +0000", context.RequestTime);
        Assert.Equal(1428582896000, context.RequestTimeEpoch);
        Assert.Equal("api.example.com", context.DomainName);
        Assert.Equal("api", context.DomainPrefix);
        Assert.Equal("203.0.113.7", context.Identity.SourceIp);
        Assert.Equal("curl/8", context.Identity.UserAgent);
        Assert.Equal("key-id", context.Identity.ApiKeyId);
        Assert.Equal("CN=client", context.Identity.ClientCert.SubjectDN);
        Assert.Equal("Aug  5 09:36:04 2021 GMT", context.Identity.ClientCert.Validity.NotAfter);
    }

    [Fact]
    public void Deserialize_CognitoAuthorizer_ExposesEntriesAndStringClaims()
    {
        var request = new DefaultLambdaJsonSerializer().DeserializeFromString<APIGatewayProxyRequest>(RestApiEvent);

        var authorizer = request.RequestContext.Authorizer;
        Assert.Equal("user-1", authorizer["principalId"].ToString());
        Assert.Equal("alice", authorizer.Claims["cognito:username"]);
        Assert.False(authorizer.Claims.ContainsKey("exp"));
#pragma warning disable CS0618 // The typed accessors are obsolete in AWS's API too; they must still work.
        Assert.Equal("user-1", authorizer.PrincipalId);
        Assert.Equal(7, authorizer.NumKey);
        Assert.True(authorizer.BoolKey);
#pragma warning restore CS0618
    }

    [Fact]
    public void Serialize_RestApiEventWithCamelCaseSerializer_ReproducesTheEventWithoutNulls()
    {
        var serializer = new CamelCaseLambdaJsonSerializer();
        var request = serializer.DeserializeFromString<APIGatewayProxyRequest>(RestApiEvent);

        var json = serializer.SerializeToString(request);

        Assert.True(JsonNode.DeepEquals(LambdaSerializerExtensions.ParseWithoutNulls(RestApiEvent), JsonNode.Parse(json)), json);
    }

    private const string RestApiEvent = """
        {"resource":"/items/{id}","path":"/items/42","httpMethod":"GET",
         "headers":{"Accept":"*/*","X-Multi":"b"},"multiValueHeaders":{"Accept":["*/*"],"X-Multi":["a","b"]},
         "queryStringParameters":{"q":"2"},"multiValueQueryStringParameters":{"q":["1","2"]},
         "pathParameters":{"id":"42"},"stageVariables":null,
         "requestContext":{"resourceId":"abc123","resourcePath":"/items/{id}","httpMethod":"GET",
           "extendedRequestId":"BQGojGN9oAMFZmA=","requestTime":"09/Apr/2015:12:34:56 +0000","path":"/prod/items/42",
           "accountId":"123456789012","stage":"prod","domainPrefix":"api","requestTimeEpoch":1428582896000,
           "requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","domainName":"api.example.com","apiId":"1234567890",
           "connectionAt":0,
           "identity":{"cognitoIdentityPoolId":null,"accountId":null,"cognitoIdentityId":null,"caller":null,
             "apiKey":"key","apiKeyId":"key-id","accessKey":null,"sourceIp":"203.0.113.7","cognitoAuthenticationType":null,
             "cognitoAuthenticationProvider":null,"userArn":null,"userAgent":"curl/8","user":null,
             "clientCert":{"clientCertPem":"-----BEGIN CERTIFICATE-----","subjectDN":"CN=client","issuerDN":"CN=ca",
               "serialNumber":"a1","validity":{"notBefore":"May 28 12:30:02 2019 GMT","notAfter":"Aug  5 09:36:04 2021 GMT"}}},
           "authorizer":{"principalId":"user-1","numKey":7,"boolKey":true,
             "claims":{"cognito:username":"alice","exp":1700000000}}},
         "body":null,"isBase64Encoded":false}
        """;
}
