using Pulumi;
using ZeroTrust.Infra.Composition;

// The deployable program only: the offline plan is its own tool (tools/ZeroTrust.Infra.Plan), so `pulumi up` builds
// nothing it does not deploy.
return await Deployment.RunAsync<ZeroTrustStack>(new ZeroTrustStackFactory());
