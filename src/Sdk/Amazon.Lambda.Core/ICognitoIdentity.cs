namespace Amazon.Lambda.Core;

/// <summary>The Amazon Cognito identity of the caller.</summary>
public interface ICognitoIdentity
{
    /// <summary>The identity id.</summary>
    string IdentityId { get; }

    /// <summary>The identity pool id.</summary>
    string IdentityPoolId { get; }
}
