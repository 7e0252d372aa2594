using System.Collections.Concurrent;
using System.Collections.Immutable;
using Moq;
using Pulumi;
using Pulumi.Testing;
using ZeroTrust.Components.Monitoring;
using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Tests.Testing;

/// <summary>
/// Runs component code under Pulumi mocks (a <c>Mock&lt;IMocks&gt;</c>), capturing every registered resource's type,
/// name and inputs, and — through a resource transformation passed in the component options, which children inherit —
/// its parent. Evaluates the captured stack with the policy engine.
/// </summary>
internal sealed class PulumiRun
{
    public const string AccountId = "123456789012";
    public const string Region = "eu-west-1";

    private PulumiRun(IReadOnlyList<CapturedResource> resources, IReadOnlyList<Resource> objects,
        IReadOnlyDictionary<(string Type, string Name), IReadOnlyList<string>> registeredOutputs) =>
        (Resources, Objects, _registeredOutputs) = (resources, objects, registeredOutputs);

    private readonly IReadOnlyDictionary<(string Type, string Name), IReadOnlyList<string>> _registeredOutputs;

    /// <summary>The output names <paramref name="component"/> registered (RegisterOutputs), sorted; empty when it registered none.</summary>
    public IReadOnlyList<string> OutputNames(Resource component) =>
        _registeredOutputs.GetValueOrDefault((component.GetResourceType(), component.GetResourceName())) ?? [];

    /// <summary>The resource objects the components created (the transformation sees each), to read their outputs.</summary>
    public IReadOnlyList<Resource> Objects { get; }

    /// <summary>Every registered resource, components included, in registration order.</summary>
    public IReadOnlyList<CapturedResource> Resources { get; }

    /// <summary>Cloud resources only: this library's component types filtered out.</summary>
    public IReadOnlyList<CapturedResource> Cloud => Resources.Where(r => !r.IsComponent && !r.IsProvider).ToList();

    public IReadOnlyList<CapturedResource> OfType(string type) => Resources.Where(r => r.Type == type).ToList();

    public CapturedResource Single(string type) => Assert.Single(OfType(type));

    /// <summary>The one resource of <paramref name="type"/> whose parent is a component of <paramref name="parentType"/>.</summary>
    public CapturedResource SingleIn(string type, string parentType) =>
        Assert.Single(Resources, r => r.Type == type && r.ParentType == parentType);

    public CapturedResource Named(string type, string name) => Assert.Single(Resources, r => r.Type == type && r.Name == name);

    public IReadOnlyList<StackResource> ToStack() => Resources.Select(r => r.ToStackResource()).ToList();

    /// <summary>
    /// The engine's report on the captured stack (plus <paramref name="extra"/>, minus resources matching
    /// <paramref name="without"/>), as of <paramref name="clock"/> (default the system clock).
    /// </summary>
    public PolicyReport Evaluate(PolicySettings? settings = null, IEnumerable<StackResource>? extra = null, Func<StackResource, bool>? without = null,
        TimeProvider? clock = null)
    {
        var stack = ToStack().Where(r => without is null || !without(r)).Concat(extra ?? []).ToList();
        return new PolicyEngine(RuleCatalogue.All, clock).Evaluate(stack, settings);
    }

    /// <summary>
    /// The audit pipeline every zero-trust stack carries (a stack with AWS resources and no trail is itself a finding),
    /// for compliance tests of the other components to run beside.
    /// </summary>
    public static AuditLogPipeline AuditPipeline(ComponentResourceOptions options) =>
        new("audit", new AuditLogPipelineArgs
        {
            Name = "audit", AccountId = AccountId, Region = Region, AlarmEmail = "security@example.com",
        }, options);

    /// <summary>Asserts the engine evaluated real rules and found nothing unsuppressed.</summary>
    public void AssertCompliant(PolicySettings? settings = null, TimeProvider? clock = null)
    {
        var report = Evaluate(settings, clock: clock);
        Assert.NotEmpty(report.Rules);
        Assert.Equal(Resources.Count, report.ResourceCount);
        Assert.True(report.Unsuppressed.Count == 0,
            "unexpected findings:\n" + string.Join("\n", report.Unsuppressed.Select(f => $"{f.RuleId} {f.Kind} {f.ResourceUrn}: {f.Message}")));
    }

    /// <summary>Runs <paramref name="create"/> (which gets options carrying the parent recorder) under mocks.</summary>
    public static async Task<PulumiRun> RunAsync(Action<ComponentResourceOptions> create)
    {
        var (run, error) = await TryRunAsync(create);
        if (error is not null) throw error;
        return run;
    }

    /// <summary>
    /// Runs <paramref name="create"/> as a first <c>pulumi preview</c> sees it: no resource exists yet, so every id, ARN
    /// and computed property is unknown, and every input built from one is unknown too. The SDK's mock monitor drops
    /// unknown inputs; a second run with known values tells which inputs they were, and the capture carries them as
    /// Pulumi's unknown sentinel, as <c>pulumi preview --json</c> shows them.
    /// </summary>
    public static async Task<PulumiRun> FirstPreviewAsync(Action<ComponentResourceOptions> create)
    {
        var known = await RunAsync(create);
        var (preview, error) = await TryRunAsync(create, firstPreview: true);
        if (error is not null) throw error;
        var knownInputs = known.Resources.ToDictionary(r => (r.Type, r.Name), r => r.Inputs);
        var resources = preview.Resources.Select(r =>
        {
            var unknown = knownInputs.TryGetValue((r.Type, r.Name), out var inputs) ? inputs.Keys.Except(r.Inputs.Keys) : Enumerable.Empty<string>();
            return r with
            {
                Inputs = r.Inputs.SetItems(unknown.Select(key => KeyValuePair.Create(key, (object)PulumiSentinels.Unknown))),
            };
        }).ToList();
        return new PulumiRun(resources, preview.Objects, preview._registeredOutputs);
    }

    /// <summary>As <see cref="RunAsync"/>, returning the engine error (Pulumi reports component exceptions as RunException).</summary>
    public static async Task<(PulumiRun Run, Exception? Error)> TryRunAsync(Action<ComponentResourceOptions> create) =>
        await TryRunAsync(create, firstPreview: false);

    private static async Task<(PulumiRun Run, Exception? Error)> TryRunAsync(Action<ComponentResourceOptions> create, bool firstPreview)
    {
        var parents = new ConcurrentDictionary<(string Type, string Name), (string Type, string Name)?>();
        var objects = new ConcurrentQueue<Resource>();
        ResourceTransformation recordParent = args =>
        {
            objects.Enqueue(args.Resource);
            var parent = args.Options.Parent;
            parents[(args.Resource.GetResourceType(), args.Resource.GetResourceName())] =
                parent is null ? null : (parent.GetResourceType(), parent.GetResourceName());
            return null;
        };

        var registered = new ConcurrentQueue<MockResourceArgs>();
        var outputs = new ConcurrentDictionary<(string Type, string Name), ImmutableDictionary<string, object>>();
        var mocks = new Mock<IMocks>();
        mocks.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .ReturnsAsync((MockResourceArgs args) =>
            {
                registered.Enqueue(args);
                // A first preview: no id (the SDK reads a null or empty id as unknown) and no computed property (in a
                // preview the SDK reads a property the monitor does not return as unknown).
                if (firstPreview) return ((string?)null, (object)args.Inputs);
                var state = Outputs(args);
                outputs[(args.Type ?? "", args.Name ?? "")] = state;
                // Id is "" (not null) for a new resource, and the SDK reads an empty id as unknown.
                return (string.IsNullOrEmpty(args.Id) ? $"{args.Name}-id" : args.Id, (object)state);
            });
        // The invokes a component may use to default account and region from the provider, answered as AWS would
        // (the same fields infra/'s DeterministicMocks answer); a first preview answers them too, as Pulumi does.
        mocks.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>()))
            .ReturnsAsync((MockCallArgs args) => args.Token switch
            {
                "aws:index/getCallerIdentity:getCallerIdentity" => (object)new Dictionary<string, object>
                {
                    ["accountId"] = AccountId, ["arn"] = $"arn:aws:iam::{AccountId}:user/mock", ["id"] = AccountId, ["userId"] = "AIDAMOCK",
                },
                "aws:index/getRegion:getRegion" => new Dictionary<string, object>
                {
                    ["id"] = Region, ["name"] = Region, ["region"] = Region, ["description"] = Region, ["endpoint"] = $"ec2.{Region}.amazonaws.com",
                },
                "aws:index/getPartition:getPartition" => new Dictionary<string, object>
                {
                    ["id"] = "aws", ["partition"] = "aws", ["dnsSuffix"] = "amazonaws.com", ["reverseDnsPrefix"] = "com.amazonaws",
                },
                _ => args.Args,
            });
        var registeredOutputs = new ConcurrentDictionary<(string Type, string Name), IReadOnlyList<string>>();
        mocks.Setup(m => m.RegisterResourceOutputs(It.IsAny<MockRegisterResourceOutputsRequest>()))
            .Returns((MockRegisterResourceOutputsRequest request) =>
            {
                // urn:pulumi:stack::project::type::name (mock URNs carry no parent types).
                // The type part chains the parents' types with '$' (MockMonitor.NewUrn); the last one is the resource's.
                var parts = request.Urn.Split("::");
                registeredOutputs[(parts[^2].Split('$')[^1], parts[^1])] = request.Outputs.Keys.Order(StringComparer.Ordinal).ToList();
                return Task.CompletedTask;
            });

        Exception? error = null;
        try
        {
            await Deployment.TestAsync(mocks.Object, new TestOptions { IsPreview = firstPreview, ProjectName = CapturedResource.Project, StackName = CapturedResource.Stack },
                () => create(new ComponentResourceOptions { ResourceTransformations = { recordParent } }));
        }
        catch (Exception e)
        {
            error = e;
        }

        var resources = registered.Select(args =>
        {
            var type = args.Type ?? "";
            var name = args.Name ?? "";
            parents.TryGetValue((type, name), out var parent);
            return new CapturedResource(type, name, args.Inputs, parent?.Type, parent?.Name, args.Provider, outputs.GetValueOrDefault((type, name)))
            {
                IdUnknown = firstPreview,
            };
        }).ToList();
        return (new PulumiRun(resources, objects.ToList(), registeredOutputs), error);
    }

    // What the "cloud" returns: the inputs, plus the computed properties the components read.
    private static ImmutableDictionary<string, object> Outputs(MockResourceArgs args)
    {
        var outputs = args.Inputs.ToBuilder();
        var name = args.Name ?? "resource";
        // An auto-named resource (namePrefix) gets its physical name from the provider: prefix plus a unique suffix.
        if (args.Inputs.TryGetValue("namePrefix", out var prefix) && prefix is string text && !args.Inputs.ContainsKey("name"))
            outputs["name"] = $"{text}0a1b2c3d";
        outputs.TryAdd("arn", args.Type == "aws:iam/role:Role"
            ? $"arn:aws:iam::{AccountId}:role/{outputs.GetValueOrDefault("name") ?? name}"
            : $"arn:aws:mock:{Region}:{AccountId}:{args.Type}/{name}");
        switch (args.Type)
        {
            case "random:index/randomId:RandomId":
                outputs["hex"] = "0a1b2c3d";
                break;
            case "aws:kms/key:Key":
                outputs["keyId"] = $"{name}-key-id";
                break;
            case "aws:apigatewayv2/api:Api":
                outputs["executionArn"] = $"arn:aws:execute-api:{Region}:{AccountId}:{name}-id";
                outputs["apiEndpoint"] = $"https://{name}-id.execute-api.{Region}.amazonaws.com";
                break;
            case "aws:apigatewayv2/stage:Stage":
                outputs["invokeUrl"] = $"https://{name}.execute-api.{Region}.amazonaws.com/";
                break;
            case "aws:lambda/function:Function":
                outputs.TryAdd("name", $"{name}-fn");
                outputs["invokeArn"] = $"arn:aws:apigateway:{Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{Region}:{AccountId}:function:{name}-fn/invocations";
                break;
            case "aws:s3/bucketObjectv2:BucketObjectv2":
                outputs["versionId"] = $"{name}-version-1";
                break;
        }
        return outputs.ToImmutable();
    }

    /// <summary>The value of an output once the deployment has run.</summary>
    public static Task<T> ValueAsync<T>(Output<T> output)
    {
        var source = new TaskCompletionSource<T>();
        output.Apply(value =>
        {
            source.SetResult(value);
            return value;
        });
        return source.Task;
    }
}
