using ZeroTrust.Infra.Plan;

// `dotnet run --project tools/ZeroTrust.Infra.Plan -- --stack dev [--preview]`; a leading "plan" is accepted too.
return await OfflinePlanCommand.RunAsync(args is ["plan", .. var rest] ? rest : args, Console.Out, Console.Error);
