using Faas.Cli.CommandLine;

return await FaasCommandLine.RunAsync(args);
