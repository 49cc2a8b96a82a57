using System.Collections.Generic;

namespace Amazon.Lambda.Core;

/// <summary>Information about the client application that invoked the function.</summary>
public interface IClientContext
{
    /// <summary>Environment information supplied by the client.</summary>
    IDictionary<string, string> Environment { get; }

    /// <summary>The client application.</summary>
    IClientApplication Client { get; }

    /// <summary>Custom values supplied by the client.</summary>
    IDictionary<string, string> Custom { get; }
}
