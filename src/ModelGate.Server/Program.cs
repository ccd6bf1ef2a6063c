using ModelGate.Server.Cli;

return await CliApp.Build().Parse(args).InvokeAsync();
