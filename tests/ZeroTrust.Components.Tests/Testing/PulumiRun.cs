using System.Collections.Concurrent;
using System.Collections.Immutable;
using Moq;
using Pulumi;
using Pulumi.Testing;
using ZeroTrust.Components.Monitoring;
using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Model;
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

    private PulumiRun(IReadOnlyList<CapturedResource> resources, IReadOnlyList<Resource> objects) =>
        (Resources, Objects) = (resources, objects);

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

    /// <summary>The engine's report on the captured stack (plus <paramref name="extra"/>, minus resources named in <paramref name="without"/>).</summary>
    public PolicyReport Evaluate(PolicySettings? settings = null, IEnumerable<StackResource>? extra = null, Func<StackResource, bool>? without = null)
    {
        var stack = ToStack().Where(r => without is null || !without(r)).Concat(extra ?? []).ToList();
        return new PolicyEngine().Evaluate(stack, settings);
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
    public void AssertCompliant(PolicySettings? settings = null)
    {
        var report = Evaluate(settings);
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

    /// <summary>As <see cref="RunAsync"/>, returning the engine error (Pulumi reports component exceptions as RunException).</summary>
    public static async Task<(PulumiRun Run, Exception? Error)> TryRunAsync(Action<ComponentResourceOptions> create)
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
                var state = Outputs(args);
                outputs[(args.Type ?? "", args.Name ?? "")] = state;
                // Id is "" (not null) for a new resource, and the SDK reads an empty id as unknown.
                return (string.IsNullOrEmpty(args.Id) ? $"{args.Name}-id" : args.Id, (object)state);
            });
        mocks.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>()))
            .ReturnsAsync((MockCallArgs args) => (object)args.Args);
        mocks.Setup(m => m.RegisterResourceOutputs(It.IsAny<MockRegisterResourceOutputsRequest>()))
            .Returns(Task.CompletedTask);

        Exception? error = null;
        try
        {
            await Deployment.TestAsync(mocks.Object, new TestOptions { IsPreview = false, ProjectName = CapturedResource.Project, StackName = CapturedResource.Stack },
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
            return new CapturedResource(type, name, args.Inputs, parent?.Type, parent?.Name, args.Provider, outputs.GetValueOrDefault((type, name)));
        }).ToList();
        return (new PulumiRun(resources, objects.ToList()), error);
    }

    // What the "cloud" returns: the inputs, plus the computed properties the components read.
    private static ImmutableDictionary<string, object> Outputs(MockResourceArgs args)
    {
        var outputs = args.Inputs.ToBuilder();
        var name = args.Name ?? "resource";
        outputs.TryAdd("arn", $"arn:aws:mock:{Region}:{AccountId}:{args.Type}/{name}");
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
