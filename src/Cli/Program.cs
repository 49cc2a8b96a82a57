using Faas.Cli.Up;

// Placeholder entry: `faas up` only, until the command line lands.
var options = new LocalPlatformOptions();
await using var platform = await LocalPlatform.StartAsync(options);
Console.WriteLine($"Faas is up at {platform.GatewayUri}");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
await done.Task;
