// Pulumi's Deployment.TestAsync keeps one deployment per process and reads PULUMI_CONFIG when it starts:
// whole-stack tests must run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
