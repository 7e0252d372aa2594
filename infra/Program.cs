using Pulumi;
using ZeroTrust.Infra.Composition;
using ZeroTrust.Infra.Plan;

// `plan --stack NAME` runs offline under mocks; anything else is the Pulumi engine launching the program.
return args is ["plan", .. var planArgs]
    ? await OfflinePlanCommand.RunAsync(planArgs, Console.Out, Console.Error)
    : await Deployment.RunAsync<ZeroTrustStack>(new ZeroTrustStackFactory());
