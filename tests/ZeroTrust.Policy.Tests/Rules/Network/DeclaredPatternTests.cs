using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Network;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Network;

/// <summary>Settings name a declared resource by logical name, URN, URN glob (<c>*</c> = any run), or, outside the stack, by id.</summary>
public class DeclaredPatternTests
{
    private static readonly StackResource Edge = Resource(SecurityGroup, "edge");

    [Theory]
    [InlineData("edge")]
    [InlineData("urn:pulumi:test::test::aws:ec2/securityGroup:SecurityGroup::edge")]
    [InlineData("urn:pulumi:*::edge")]
    [InlineData("*::edge")]
    [InlineData("*")]
    [InlineData("urn:pulumi:test::*")]
    [InlineData("urn:*:test::*SecurityGroup::e*")]
    [InlineData("urn:pulumi:test::test::aws:ec2/securityGroup:SecurityGroup::edge*")]
    [InlineData("*edge**")]
    public void Names_urns_and_globs_match(string pattern) => Assert.True(Declared.Matches([pattern], Edge));

    [Theory]
    [InlineData("urn:pulumi:test::test")]
    [InlineData("test::test::aws:ec2/securityGroup:SecurityGroup::edge")]
    [InlineData("urn:pulumi:prod::*")]
    [InlineData("*::edge-2")]
    [InlineData("Edge")]
    [InlineData("sg-0edge")]
    [InlineData("")]
    public void A_glob_must_cover_the_whole_urn(string pattern) => Assert.False(Declared.Matches([pattern], Edge));

    [Fact]
    public void A_group_outside_the_stack_is_matched_by_its_id_only()
    {
        Assert.True(Declared.Matches(["other", "sg-0edge"], null, "sg-0edge"));
        Assert.False(Declared.Matches(["sg-0edge"], null, "sg-0other"));
        Assert.False(Declared.Matches(["sg-0edge"], null));
        Assert.False(Declared.Matches(["*"], null, "sg-0edge"));
    }

    [Fact]
    public void An_external_group_listed_as_public_edge_may_admit_the_internet_on_443()
    {
        // The group is created outside this stack, so only its id can name it.
        var rule = Resource(IngressRule, "https", """{"securityGroupId": "sg-0edge", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0"}""");
        var settings = PolicySettings.Default with { PublicEdgeGroups = ["sg-0edge"] };

        Assert.Empty(Run(new NoWorldIngress(), settings, rule));
        AssertSingle(Run(new NoWorldIngress(), rule), "ZT-NET-001", FindingKind.Violation, rule.Urn, "admits the whole internet");
    }
}
