using System.Collections.Immutable;
using Pulumi.Testing;
using ZeroTrust.Infra.Plan;

namespace ZeroTrust.Infra.Tests.Plan;

public sealed class DeterministicMocksTests
{
    private readonly ResourceLedger _ledger = new();

    private DeterministicMocks Mocks() => new(_ledger, "eu-west-1", "111122223333");

    private static MockResourceArgs Args(string type, string name, ImmutableDictionary<string, object>? inputs = null) =>
        new() { Type = type, Name = name, Inputs = inputs ?? ImmutableDictionary<string, object>.Empty };

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
