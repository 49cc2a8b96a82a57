using System.Text.Json.Nodes;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Serialization.SystemTextJson;

namespace Faas.Sdk.Tests.APIGatewayEvents;

public class APIGatewayHttpApiV2ProxyRequestTests
{
    [Fact]
    public void Deserialize_FunctionUrlEvent_ReadsEveryField()
    {
        var serializer = new DefaultLambdaJsonSerializer();

        var request = serializer.DeserializeFromString<APIGatewayHttpApiV2ProxyRequest>(FunctionUrlEvent);

        Assert.Equal("2.0", request.Version);
        Assert.Equal("$default", request.RouteKey);
        Assert.Equal("/my/path", request.RawPath);
        Assert.Equal("a=1&a=2&b=x", request.RawQueryString);
        Assert.Equal(["c1=v1", "c2=v2"], request.Cookies);
        Assert.Equal("v1,v2", request.Headers["x-multi"]);
        Assert.Equal("1,2", request.QueryStringParameters["a"]);
        Assert.Equal("{\"hello\":\"world\"}", request.Body);
        Assert.False(request.IsBase64Encoded);
        Assert.Null(request.PathParameters);
        Assert.Null(request.StageVariables);
        var context = request.RequestContext;
        Assert.Equal("123456789012", context.AccountId);
        Assert.Equal("abcdefghij", context.ApiId);
        Assert.Equal("abcdefghij.lambda-url.us-east-1.on.aws", context.DomainName);
        Assert.Equal("abcdefghij", context.DomainPrefix);
        Assert.Equal("POST", context.Http.Method);
        Assert.Equal("/my/path", context.Http.Path);
        Assert.Equal("HTTP/1.1", context.Http.Protocol);
        Assert.Equal("1.2.3.4", context.Http.SourceIp);
        Assert.Equal("curl/8", context.Http.UserAgent);
        Assert.Equal("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", context.RequestId);
        Assert.Equal("$default", context.Stage);
        Assert.Equal("12/Mar/2020:19:03:58 +0000", context.Time);
        Assert.Equal(1583348638390, context.TimeEpoch);
        Assert.Null(context.Authentication);
        Assert.Null(context.Authorizer);
    }

    [Fact]
    public void Serialize_FunctionUrlEventWithCamelCaseSerializer_ReproducesTheEventWithoutNulls()
    {
        var serializer = new CamelCaseLambdaJsonSerializer();
        var request = serializer.DeserializeFromString<APIGatewayHttpApiV2ProxyRequest>(FunctionUrlEvent);

        var json = serializer.SerializeToString(request);

        Assert.True(
            JsonNode.DeepEquals(LambdaSerializerExtensions.ParseWithoutNulls(FunctionUrlEvent), JsonNode.Parse(json)),
            json);
    }

    [Fact]
    public void Deserialize_IamAuthorizerAndClientCert_ReadsNestedDescriptions()
    {
        var serializer = new DefaultLambdaJsonSerializer();

        var request = serializer.DeserializeFromString<APIGatewayHttpApiV2ProxyRequest>(IamAuthorizedEvent);

        var iam = request.RequestContext.Authorizer.IAM;
        Assert.Equal("AKIAEXAMPLE", iam.AccessKey);
        Assert.Equal("111122223333", iam.AccountId);
        Assert.Equal("AIDAEXAMPLE", iam.CallerId);
        Assert.Equal("o-abc", iam.PrincipalOrgId);
        Assert.Equal("arn:aws:iam::111122223333:user/alice", iam.UserARN);
        Assert.Equal("AIDAEXAMPLE", iam.UserId);
        Assert.Equal(["mfa"], iam.CognitoIdentity.AMR);
        Assert.Equal("pool-1", iam.CognitoIdentity.IdentityPoolId);
        Assert.Equal(["read"], request.RequestContext.Authorizer.Jwt.Scopes);
        Assert.Equal("alice", request.RequestContext.Authorizer.Jwt.Claims["sub"]);
        Assert.Equal("CN=client", request.RequestContext.Authentication.ClientCert.SubjectDN);
        Assert.Equal("May 28 12:30:02 2019 GMT", request.RequestContext.Authentication.ClientCert.Validity.NotBefore);
    }

    private const string FunctionUrlEvent = """
        {"version":"2.0","routeKey":"$default","rawPath":"/my/path","rawQueryString":"a=1&a=2&b=x",
         "cookies":["c1=v1","c2=v2"],"headers":{"accept":"*/*","x-multi":"v1,v2"},
         "queryStringParameters":{"a":"1,2","b":"x"},
         "requestContext":{"accountId":"123456789012","apiId":"abcdefghij","domainName":"abcdefghij.lambda-url.us-east-1.on.aws",
           "domainPrefix":"abcdefghij","http":{"method":"POST","path":"/my/path","protocol":"HTTP/1.1","sourceIp":"1.2.3.4",
           "userAgent":"curl/8"},"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","routeKey":"$default","stage":"$default",
           "time":"12/Mar/2020:19:03:58 +0000","timeEpoch":1583348638390,"authentication":null,"authorizer":null},
         "body":"{\"hello\":\"world\"}","pathParameters":null,"isBase64Encoded":false,"stageVariables":null}
        """;

    private const string IamAuthorizedEvent = """
        {"version":"2.0","requestContext":{
          "authorizer":{"iam":{"accessKey":"AKIAEXAMPLE","accountId":"111122223333","callerId":"AIDAEXAMPLE",
            "cognitoIdentity":{"amr":["mfa"],"identityId":"id-1","identityPoolId":"pool-1"},"principalOrgId":"o-abc",
            "userArn":"arn:aws:iam::111122223333:user/alice","userId":"AIDAEXAMPLE"},
            "jwt":{"claims":{"sub":"alice"},"scopes":["read"]}},
          "authentication":{"clientCert":{"clientCertPem":"-----BEGIN CERTIFICATE-----","subjectDN":"CN=client",
            "issuerDN":"CN=ca","serialNumber":"a1","validity":{"notBefore":"May 28 12:30:02 2019 GMT","notAfter":"Aug  5 09:36:04 2021 GMT"}}}}}
        """;
}
