using Faas.Gateway.Auth;

namespace Faas.Gateway.Tests.Auth;

public class LambdaApiAccessTests
{
    [Theory]
    [InlineData("/2015-03-31/functions/my-fn/invocations")]
    [InlineData("/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:my-fn:prod/invocations")]
    [InlineData("/2014-11-13/functions/my-fn/invoke-async/")]
    [InlineData("/2021-11-15/functions/my-fn/response-streaming-invocations")]
    public void Required_InvocationPath_IsInvoke(string path)
    {
        Assert.Equal(AccessGrants.Invoke, LambdaApiAccess.Required(path));
    }

    [Theory]
    [InlineData("/2015-03-31/functions")]
    [InlineData("/2015-03-31/functions/my-fn")]
    [InlineData("/2015-03-31/functions/my-fn/configuration")]
    [InlineData("/2021-10-31/functions/my-fn/url")]
    [InlineData("/2015-03-31/functions//invocations")]
    [InlineData("/2015-03-31/functions/my-fn/invocations/extra")]
    [InlineData("/2016-08-19/account-settings")]
    [InlineData("/anything/else")]
    [InlineData("/")]
    public void Required_AnyOtherPath_IsControl(string path)
    {
        Assert.Equal(AccessGrants.Control, LambdaApiAccess.Required(path));
    }
}
