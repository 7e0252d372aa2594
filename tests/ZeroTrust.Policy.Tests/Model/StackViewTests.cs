using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Tests.Model;

public class StackViewTests
{
    private const string GroupType = "aws:ec2/securityGroup:SecurityGroup";
    private const string RuleType = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

    [Fact]
    public void A_link_resolves_by_id_in_exports_and_mocks()
    {
        var group = TestStacks.Resource(GroupType, "db", id: "sg-123");
        var rule = TestStacks.Resource(RuleType, "db-in", "{\"securityGroupId\": \"sg-123\"}");

        var reference = new StackView([group, rule]).Resolve(rule, "securityGroupId", GroupType);

        Assert.Same(group, reference.Target);
    }

    [Fact]
    public void A_link_resolves_by_arn()
    {
        var key = TestStacks.Resource("aws:kms/key:Key", "audit", id: "k-1", outputsJson: "{\"arn\": \"arn:aws:kms:eu-west-1:1:key/k-1\"}");
        var group = TestStacks.Resource("aws:cloudwatch/logGroup:LogGroup", "g", "{\"kmsKeyId\": \"arn:aws:kms:eu-west-1:1:key/k-1\"}");

        Assert.Same(key, new StackView([key, group]).Resolve(group, "kmsKeyId").Target);
    }

    [Fact]
    public void An_unknown_link_resolves_through_property_dependencies_as_previews_keep_it()
    {
        var group = TestStacks.Resource(GroupType, "db");
        var rule = TestStacks.Resource(RuleType, "db-in", $"{{\"securityGroupId\": \"{TestStacks.Unknown}\"}}",
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["securityGroupId"] = [group.Urn] });

        var reference = new StackView([group, rule]).Resolve(rule, "securityGroupId", GroupType);

        Assert.Same(group, reference.Target);
    }

    [Fact]
    public void An_unknown_link_without_dependencies_is_reported_unknown_not_absent()
    {
        var rule = TestStacks.Resource(RuleType, "db-in", $"{{\"securityGroupId\": \"{TestStacks.Unknown}\"}}");

        var reference = new StackView([rule]).Resolve(rule, "securityGroupId", GroupType);

        Assert.False(reference.Found);
        Assert.True(reference.IsUnknown);
    }

    [Fact]
    public void Ids_are_unique_only_per_type()
    {
        var group = TestStacks.Resource(GroupType, "a", id: "same");
        var vpc = TestStacks.Resource("aws:ec2/vpc:Vpc", "b", id: "same");
        var view = new StackView([group, vpc]);

        Assert.Same(vpc, view.ById("same", "aws:ec2/vpc:Vpc"));
        Assert.Same(group, view.ById("same", GroupType));
    }

    [Fact]
    public void Tags_come_from_aws_tags_and_kubernetes_labels()
    {
        var group = TestStacks.Resource(GroupType, "edge", "{\"tags\": {\"zerotrust:public-edge\": \"true\"}}");
        var ns = TestStacks.Resource("kubernetes:core/v1:Namespace", "team", "{\"metadata\": {\"labels\": {\"pod-security.kubernetes.io/enforce\": \"restricted\"}}}");

        Assert.True(group.HasTrueTag(ZeroTrustTags.PublicEdge));
        Assert.Equal("restricted", ns.Tag("pod-security.kubernetes.io/enforce"));
    }

    [Fact]
    public void Mock_properties_serialize_nested_collections()
    {
        var resource = StackResource.FromProperties("aws:iam/role:Role", "jit", new Dictionary<string, object?>
        {
            ["maxSessionDuration"] = 3600,
            ["tags"] = new Dictionary<string, object?> { ["zerotrust:jit"] = "true" },
            ["managedPolicyArns"] = new List<object?> { "arn:aws:iam::aws:policy/ReadOnlyAccess" },
        }, id: "jit_id");

        Assert.Equal(3600, resource.Input("maxSessionDuration").AsInt64());
        Assert.True(resource.HasTrueTag(ZeroTrustTags.Jit));
        Assert.Equal("urn:pulumi:test::test::aws:iam/role:Role::jit", resource.Urn);
        Assert.True(resource.Custom);
        Assert.False(StackResource.FromProperties("zerotrust:identity:JitAccessRole", "c", new Dictionary<string, object?>()).Custom);
    }
}

public class StackViewNameTests
{
    [Fact]
    public void A_link_resolves_by_physical_name_when_the_target_type_is_given()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "jit", "{\"name\": \"break-glass-1a2b\"}");
        var policy = TestStacks.Resource("aws:iam/rolePolicy:RolePolicy", "jit-policy", "{\"role\": \"break-glass-1a2b\"}");

        var view = new ZeroTrust.Policy.Model.StackView([role, policy]);

        Assert.Same(role, view.Resolve(policy, "role", "aws:iam/role:Role").Target);
        Assert.Same(role, view.ByName("aws:iam/role:Role", "jit"));
        Assert.Null(view.ByName("aws:iam/user:User", "jit"));
    }
}

public class TagPrefixTests
{
    [Theory]
    [InlineData("{\"tags\": {\"zerotrust:suppress\": \"ZT-NET-001=x\"}}", true)]
    [InlineData("{\"metadata\": {\"annotations\": {\"zerotrust.dev/suppress\": \"ZT-K8S-003=x\"}}}", true)]
    [InlineData("{\"tags\": {\"team\": \"payments\"}}", false)]
    [InlineData("{}", false)]
    public void Prefix_scan_reads_tags_labels_and_annotations(string inputs, bool expected)
    {
        var resource = TestStacks.Resource("aws:ec2/vpc:Vpc", "v", inputs);

        Assert.Equal(expected, resource.HasTagKeyStartingWith("zerotrust"));
        _ = resource.Tags;
        Assert.Equal(expected, resource.HasTagKeyStartingWith("zerotrust"));
    }
}
