using ZeroTrust.Policy.Model;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Model;

/// <summary>Lookups by type, URN, id, ARN and name, and links that a preview leaves unknown.</summary>
public class StackViewLookupTests
{
    private const string GroupType = "aws:ec2/securityGroup:SecurityGroup";
    private const string RoleType = "aws:iam/role:Role";

    [Fact]
    public void Unknown_and_empty_ids_and_arns_are_not_indexed()
    {
        var pending = Resource(GroupType, "pending", id: Unknown, outputsJson: $$"""{"arn": "{{Unknown}}"}""");
        var blank = Resource(GroupType, "blank", id: "", outputsJson: """{"arn": ""}""");
        var view = new StackView([pending, blank]);

        Assert.Null(view.ById(Unknown));
        Assert.Null(view.ById(""));
        Assert.Null(view.ByArn(Unknown));
        Assert.Null(view.ByArn(""));
        Assert.Null(view.ById("sg-none"));
    }

    [Fact]
    public void Without_a_type_an_id_finds_the_first_resource_holding_it()
    {
        var group = Resource(GroupType, "g", id: "shared");
        var role = Resource(RoleType, "r", id: "shared");
        var view = new StackView([group, role]);

        Assert.Same(group, view.ById("shared"));
        Assert.Same(role, view.ById("shared", RoleType));
        Assert.Null(view.ById("shared", "aws:s3/bucketV2:BucketV2"));
    }

    [Fact]
    public void Types_and_urns_are_looked_up_exactly()
    {
        var group = Resource(GroupType, "g");
        var view = new StackView([group]);

        Assert.Same(group, Assert.Single(view.OfType(GroupType)));
        Assert.Empty(view.OfType(RoleType));
        Assert.Same(group, view.ByUrn(group.Urn));
        Assert.Null(view.ByUrn(group.Urn.ToUpperInvariant()));
        Assert.Equal([group], view.Resources);
    }

    [Fact]
    public void An_absent_link_is_neither_found_nor_unknown()
    {
        var rule = Resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "r", "{}");

        var reference = new StackView([rule]).Resolve(rule, "securityGroupId", GroupType);

        Assert.Equal(Reference.Absent, reference);
        Assert.False(reference.Found);
    }

    [Fact]
    public void A_known_link_to_something_outside_the_stack_keeps_its_value()
    {
        var rule = Resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "r", """{"securityGroupId": "sg-elsewhere"}""");

        var reference = new StackView([rule]).Resolve(rule, "securityGroupId", GroupType);

        Assert.Equal(new Reference(null, "sg-elsewhere", false), reference);
    }

    [Fact]
    public void A_link_by_id_to_the_wrong_type_is_not_followed()
    {
        var role = Resource(RoleType, "r", id: "x-1");
        var rule = Resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "rule", """{"securityGroupId": "x-1"}""");

        Assert.Null(new StackView([role, rule]).Resolve(rule, "securityGroupId", GroupType).Target);
        Assert.Same(role, new StackView([role, rule]).Resolve(rule, "securityGroupId").Target);
    }

    [Fact]
    public void A_link_by_arn_must_match_the_target_type()
    {
        var role = Resource(RoleType, "r", outputsJson: """{"arn": "arn:aws:iam::1:role/r"}""");
        var profile = Resource("aws:iam/instanceProfile:InstanceProfile", "p", """{"role": "arn:aws:iam::1:role/r"}""");
        var view = new StackView([role, profile]);

        Assert.Equal(new Reference(role, "arn:aws:iam::1:role/r", false), view.Resolve(profile, "role", RoleType));
        Assert.Null(view.Resolve(profile, "role", GroupType).Target);
    }

    [Fact]
    public void Dependencies_of_a_nested_property_are_kept_on_its_top_level_property()
    {
        var group = Resource(GroupType, "g");
        var role = Resource(RoleType, "r");
        var task = Resource("aws:ecs/service:Service", "svc", $$$"""{"networkConfiguration": {"securityGroups": "{{{Unknown}}}"}}""",
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["networkConfiguration"] = [role.Urn, "urn:missing", group.Urn] });

        var reference = new StackView([group, role, task]).Resolve(task, "networkConfiguration.securityGroups", GroupType);

        Assert.Same(group, reference.Target);
        Assert.False(reference.IsUnknown);
    }

    [Fact]
    public void Physical_names_are_indexed_unless_unknown_and_logical_names_win()
    {
        var logical = Resource(RoleType, "deploy");
        var physical = Resource(RoleType, "ci", """{"name": "deploy"}""");
        var pending = Resource(RoleType, "pending", $$"""{"name": "{{Unknown}}"}""");
        var view = new StackView([logical, physical, pending]);

        Assert.Same(logical, view.ByName(RoleType, "deploy"));
        var link = Resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", """{"role": "deploy"}""");
        Assert.Equal(new Reference(logical, "deploy", false), new StackView([logical, link]).Resolve(link, "role", RoleType));
        Assert.Same(pending, view.ByName(RoleType, "pending"));
        Assert.Null(view.ByName(RoleType, Unknown));
        Assert.Null(view.ByName(GroupType, "deploy"));
    }

    [Fact]
    public void Children_are_listed_in_stack_order_and_only_under_their_parent()
    {
        var tier = Resource("zerotrust:network:Tier", "app");
        var first = Resource(GroupType, "a", parent: tier.Urn);
        var other = Resource(GroupType, "b");
        var second = Resource(RoleType, "c", parent: tier.Urn);
        var view = new StackView([tier, first, other, second]);

        Assert.Equal([first, second], view.ChildrenOf(tier));
        Assert.Empty(view.ChildrenOf(first));
        Assert.Equal([first, second], view.ChildrenOf(tier));
    }

    [Fact]
    public void A_view_needs_resources() => Assert.Throws<ArgumentNullException>(() => new StackView(null!));
}
