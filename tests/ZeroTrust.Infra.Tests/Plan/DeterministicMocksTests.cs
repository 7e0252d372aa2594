using System.Collections.Immutable;
using Pulumi;
using Pulumi.Testing;
using Pulumi.Utilities;
using ZeroTrust.Infra.Composition;
using ZeroTrust.Infra.Plan;

namespace ZeroTrust.Infra.Tests.Plan;

public sealed class DeterministicMocksTests
{
    private readonly ResourceLedger _ledger = new();

    private DeterministicMocks Mocks() => new(_ledger, "eu-west-1", "111122223333");

    private static MockResourceArgs Args(string type, string name, ImmutableDictionary<string, object>? inputs = null, string? id = null) =>
        new() { Type = type, Name = name, Inputs = inputs ?? ImmutableDictionary<string, object>.Empty, Id = id };

    [Fact]
    public async Task Ids_and_arns_derive_from_names_in_the_stacks_account_and_region()
    {
        var (id, state) = await Mocks().NewResourceAsync(Args("aws:ec2/securityGroup:SecurityGroup", "zt-dev-app"));

        Assert.Equal("zt-dev-app-id", id);
        var outputs = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(state);
        Assert.Equal("arn:aws:ec2:eu-west-1:111122223333:securityGroup/zt-dev-app-id", outputs["arn"]);
    }

    [Fact]
    public async Task Iam_arns_use_the_physical_name_and_no_region()
    {
        var inputs = ImmutableDictionary<string, object>.Empty.Add("name", "jit-zt-dev-on-call-0a1b2c3d");

        var (_, state) = await Mocks().NewResourceAsync(Args("aws:iam/role:Role", "zt-dev-on-call", inputs));

        Assert.Equal("arn:aws:iam::111122223333:role/jit-zt-dev-on-call-0a1b2c3d", ((IReadOnlyDictionary<string, object>)state)["arn"]);
    }

    [Fact]
    public async Task A_new_resource_gets_an_id_although_the_mock_monitor_passes_an_empty_import_id()
    {
        // pulumi-dotnet's MockMonitor copies the request's ImportId into MockResourceArgs.Id: "" for a new resource.
        var args = Args("aws:ec2/vpc:Vpc", "zt-dev-vpc", id: "");

        var (id, state) = await Mocks().NewResourceAsync(args);

        Assert.Equal("zt-dev-vpc-id", id);
        Assert.Equal("arn:aws:ec2:eu-west-1:111122223333:vpc/zt-dev-vpc-id", ((IReadOnlyDictionary<string, object>)state)["arn"]);
    }

    [Fact]
    public async Task An_auto_named_resource_gets_a_stable_name_from_its_prefix()
    {
        var inputs = ImmutableDictionary<string, object>.Empty.Add("namePrefix", "jit-zt-dev-on-call-");

        var (_, first) = await Mocks().NewResourceAsync(Args("aws:iam/role:Role", "zt-dev-on-call", inputs));
        var (_, second) = await new DeterministicMocks(new ResourceLedger(), "eu-west-1", "111122223333")
            .NewResourceAsync(Args("aws:iam/role:Role", "zt-dev-on-call", inputs));

        var name = (string)((IReadOnlyDictionary<string, object>)first)["name"];
        Assert.Matches("^jit-zt-dev-on-call-[0-9a-f]{8}$", name);
        Assert.Equal(name, ((IReadOnlyDictionary<string, object>)second)["name"]);
        Assert.Equal($"arn:aws:iam::111122223333:role/{name}", ((IReadOnlyDictionary<string, object>)first)["arn"]);
    }

    [Fact]
    public async Task A_first_preview_returns_no_id_and_no_computed_property()
    {
        var inputs = ImmutableDictionary<string, object>.Empty.Add("cidrBlock", "10.20.0.0/16");

        var (id, state) = await new DeterministicMocks(_ledger, "eu-west-1", "111122223333", firstPreview: true)
            .NewResourceAsync(Args("aws:ec2/vpc:Vpc", "zt-dev-vpc", inputs, id: ""));

        Assert.Null(id);
        Assert.Equal(["cidrBlock"], ((IReadOnlyDictionary<string, object>)state).Keys);
    }

    [Fact]
    public async Task An_imported_resource_keeps_its_import_id()
    {
        var (id, _) = await Mocks().NewResourceAsync(Args("aws:ec2/vpc:Vpc", "zt-dev-vpc", id: "vpc-0abc"));

        Assert.Equal("vpc-0abc", id);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Every_custom_resource_of_the_stack_has_a_known_id_and_arn(string stack)
    {
        // An unknown id or ARN silently drops every input built from it, and the engine then sees a different stack.
        var file = StackFiles.Load(stack);
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", file.ToPulumiConfigJson());
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", file.ToPulumiSecretKeysJson());
        var ledger = new ResourceLedger();
        var factory = new ZeroTrustStackFactory(new StackOptions { ResourceTransformations = [ledger.Transformation] }, StackFiles.GrantStartClock);

        var resources = await Deployment.TestWithServiceProviderAsync<ZeroTrustStack>(
            new DeterministicMocks(ledger, "eu-west-1", "111122223333"), factory,
            new TestOptions { ProjectName = StackFiles.Project, StackName = stack, IsPreview = false });

        var custom = resources.OfType<CustomResource>().ToList();
        Assert.NotEmpty(custom);
        foreach (var resource in custom)
        {
            var what = $"{resource.GetResourceType()} {resource.GetResourceName()}";
            Assert.True(await OutputUtilities.GetIsKnownAsync(resource.Id), $"{what}: id is unknown");
            Assert.False(string.IsNullOrEmpty(await OutputUtilities.GetValueAsync(resource.Id)), $"{what}: id is empty");
            if (resource.GetType().GetProperty("Arn")?.GetValue(resource) is Output<string> arn)
                Assert.True(await OutputUtilities.GetIsKnownAsync(arn), $"{what}: ARN is unknown");
        }
    }

    [Fact]
    public async Task Components_get_no_id()
    {
        var (id, _) = await Mocks().NewResourceAsync(Args("zerotrust:network:SegmentedTier", "zt-dev-app"));

        Assert.Null(id);
    }

    [Fact]
    public async Task Random_ids_are_stable_across_runs()
    {
        var (_, first) = await Mocks().NewResourceAsync(Args("random:index/randomId:RandomId", "zt-dev-on-call-suffix"));
        var (_, second) = await new DeterministicMocks(new ResourceLedger(), "eu-west-1", "111122223333")
            .NewResourceAsync(Args("random:index/randomId:RandomId", "zt-dev-on-call-suffix"));

        Assert.Equal(((IReadOnlyDictionary<string, object>)first)["hex"], ((IReadOnlyDictionary<string, object>)second)["hex"]);
        Assert.Matches("^[0-9a-f]{8}$", (string)((IReadOnlyDictionary<string, object>)first)["hex"]);
    }

    [Fact]
    public async Task Caller_identity_is_the_stacks_account()
    {
        var result = await Mocks().CallAsync(new MockCallArgs
        {
            Token = "aws:index/getCallerIdentity:getCallerIdentity",
            Args = ImmutableDictionary<string, object>.Empty,
        });

        Assert.Equal("111122223333", ((IReadOnlyDictionary<string, object>)result)["accountId"]);
    }
}
