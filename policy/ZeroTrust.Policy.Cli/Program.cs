using ZeroTrust.Policy.Cli;

return CliApp.Run(args, Console.Out, Console.Error);
