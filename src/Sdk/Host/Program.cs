using Faas.Host.Hosting;

// One execution environment: optional stem-cell specialisation, handler init, then the Runtime API loop.
return await LambdaHost.RunAsync(TimeProvider.System).ConfigureAwait(false);
