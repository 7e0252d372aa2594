using System.Runtime.CompilerServices;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>What a policy document governs: a principal's permissions, who may assume a role, or who may use a resource.</summary>
internal enum PolicyKind
{
    /// <summary>Attached to a principal (policy, role/user/group inline policies).</summary>
    Identity,

    /// <summary>A role's <c>assumeRolePolicy</c>: who may become the role.</summary>
    Trust,

    /// <summary>Attached to a resource (bucket, key, topic, queue, …): who may use it.</summary>
    Resource,

    /// <summary>A VPC endpoint policy: what may pass through the endpoint (its principals are inside the VPC).</summary>
    Endpoint,
}

/// <summary>
/// One place a policy lives: the resource, the property path, and the parsed document, or why there is none
/// (<see cref="Error"/> when the value is not a policy, <see cref="IsOpaque"/> when it is unknown or secret).
/// </summary>
internal sealed record PolicySource(StackResource Resource, string Property, PolicyKind Kind, PolicyDocument? Document, string? Error, bool IsOpaque)
{
    /// <summary>The finding for a source without a document (opaque or malformed), or null when it has one.</summary>
    public Finding? Unreadable(RuleInfo rule) =>
        IsOpaque ? Finding.CannotVerify(Resource, rule, $"{Property} is not known yet (unknown or secret); {rule.Id} is checked once it is")
        : Error is not null ? Finding.Violation(Resource, rule, $"not a valid IAM policy, so {rule.Id} cannot hold — {Error}")
        : null;
}

/// <summary>One Allow statement and where it stands; <see cref="At"/> is built only when a finding names it.</summary>
internal readonly record struct AllowStatement(PolicySource Source, PolicyStatement Statement, int Index)
{
    public string At => $"{Source.Property} Statement[{Index}]";
}

/// <summary>
/// Every place an IAM policy document lives in a stack, read once through the one document model, so each IAM
/// rule is a short query over (resource, property, document). O(resources): only the listed types are visited.
/// The list is data (Data/policy-carriers.json), derived from the pulumi-aws schema.
/// </summary>
internal static class PolicySources
{
    public const string Role = "aws:iam/role:Role";
    public const string RolePolicy = "aws:iam/rolePolicy:RolePolicy";
    public const string CustomerPolicy = "aws:iam/policy:Policy";

    /// <summary>The policy-document carriers and managed-policy attachments of Data/policy-carriers.json (see its header for how it was derived).</summary>
    internal static PolicyCarriers Carriers { get; } = PolicyCarriers.LoadEmbedded();

    /// <summary>KMS key policies, whose Resource "*" means "this key" and whose root grant delegates to IAM.</summary>
    public static bool IsKeyPolicy(StackResource resource) =>
        resource.Type is "aws:kms/key:Key" or "aws:kms/keyPolicy:KeyPolicy" or "aws:kms/replicaKey:ReplicaKey"
            or "aws:kms/externalKey:ExternalKey" or "aws:kms/replicaExternalKey:ReplicaExternalKey";

    // Parsed once per stack and shared by every IAM rule: six rules read the same documents.
    private static readonly ConditionalWeakTable<StackView, IReadOnlyList<PolicySource>> Cache = new();

    /// <summary>Every policy of the stack, of the given kinds (all when none are given).</summary>
    public static IEnumerable<PolicySource> All(StackView stack, params PolicyKind[] kinds)
    {
        var all = Cache.GetValue(stack, static s => Build(s));
        return kinds.Length == 0 ? all : all.Where(source => kinds.Contains(source.Kind));
    }

    private static List<PolicySource> Build(StackView stack)
    {
        var sources = new List<PolicySource>();
        foreach (var (type, property, kind) in Carriers.Documents)
            foreach (var resource in stack.OfType(type))
                if (Read(resource, property, kind) is { } source) sources.Add(source);
        foreach (var role in stack.OfType(Role))
            sources.AddRange(RoleInlinePolicies(role));
        return sources;
    }

    /// <summary>What an Allow statement grants, for messages: its actions, or every action but its NotAction list.</summary>
    public static string GrantedActions(PolicyStatement statement) =>
        statement.NotActions.Count > 0 ? $"every action but {string.Join(", ", statement.NotActions)}" : string.Join(", ", statement.Actions);

    /// <summary>
    /// The shared shape of the statement rules: every policy of the given kinds, an unreadable one reported as
    /// <paramref name="rule"/>'s finding, and each Allow statement of a readable one handed to <paramref name="judge"/>.
    /// </summary>
    public static IEnumerable<Finding> JudgeAllowStatements(
        StackView stack, RuleInfo rule, Func<AllowStatement, IEnumerable<Finding>> judge, params PolicyKind[] kinds)
    {
        foreach (var source in All(stack, kinds))
        {
            if (source.Unreadable(rule) is { } unreadable)
            {
                yield return unreadable;
                continue;
            }
            var statements = source.Document!.Statements;
            for (var index = 0; index < statements.Count; index++)
                if (statements[index].IsAllow)
                    foreach (var finding in judge(new AllowStatement(source, statements[index], index)))
                        yield return finding;
        }
    }

    /// <summary>
    /// Every managed-policy attachment of the stack, one per attached ARN (a role's <c>managedPolicyArns</c>, the IAM
    /// attachment resources, IAM Identity Center permission-set attachments); an opaque ARN list yields one opaque item.
    /// </summary>
    public static IEnumerable<Attachment> ManagedPolicyAttachments(StackView stack)
    {
        foreach (var place in Carriers.Attachments)
            foreach (var resource in stack.OfType(place.Type))
            {
                var arns = resource.Input(place.ArnProperty);
                if (arns.IsMissing) continue;
                if (!place.IsList || arns.IsOpaque)
                {
                    yield return new Attachment(resource, place.ArnProperty, place.ArnProperty, arns, place);
                    continue;
                }
                var index = 0;
                foreach (var arn in arns.Items())
                    yield return new Attachment(resource, $"{place.ArnProperty}[{index++}]", place.ArnProperty, arn, place);
            }
    }

    /// <summary>True for an AWS-managed policy ARN (account "aws": arn:&lt;partition&gt;:iam::aws:policy/…).</summary>
    public static bool IsAwsManagedPolicyArn(string arn) =>
        arn.StartsWith("arn:aws", StringComparison.Ordinal) && arn.Contains(":iam::aws:policy/", StringComparison.Ordinal);

    /// <summary>One attached managed policy: the attaching resource, where the ARN stands, and the ARN value.</summary>
    internal sealed record Attachment(StackResource Resource, string Property, string TopLevel, Prop PolicyArn, AttachmentPlace Place)
    {
        /// <summary>The property naming role principals (empty for a role's own list), or null when it attaches no roles.</summary>
        public string? RoleProperty => Place.Principals.FirstOrDefault(p => p.Kind == PrincipalKind.Role)?.Property;

        /// <summary>The customer policies of this stack the ARN names: by ARN or id when known, by link in previews.</summary>
        public IReadOnlyList<StackResource> CustomerPolicies(StackView stack)
        {
            if (PolicyArn.AsString() is { } text)
                return (stack.ByArn(text) ?? stack.ById(text, CustomerPolicy)) is { Type: CustomerPolicy } policy ? [policy] : [];
            if (!PolicyArn.IsOpaque || !Resource.PropertyDependencies.TryGetValue(TopLevel, out var urns)) return [];
            return [.. urns.Select(stack.ByUrn).OfType<StackResource>().Where(r => r.Type == CustomerPolicy)];
        }
    }

    /// <summary>A role's <c>inlinePolicies[].policy</c> (an opaque list yields one opaque source).</summary>
    public static IEnumerable<PolicySource> RoleInlinePolicies(StackResource role)
    {
        var list = role.Input("inlinePolicies");
        // An opaque list has no items, so it yields this one source only.
        if (list.IsOpaque) yield return new PolicySource(role, "inlinePolicies", PolicyKind.Identity, null, null, true);
        var index = 0;
        foreach (var item in list.Items())
        {
            var at = $"inlinePolicies[{index++}].policy";
            if (item.IsOpaque) yield return new PolicySource(role, at, PolicyKind.Identity, null, null, true);
            else if (Read(item["policy"], role, at, PolicyKind.Identity) is { } source) yield return source;
        }
    }

    /// <summary>Reads one policy property; null when the property is absent.</summary>
    public static PolicySource? Read(StackResource resource, string property, PolicyKind kind) =>
        Read(resource.Input(property), resource, property, kind);

    private static PolicySource? Read(Prop value, StackResource resource, string property, PolicyKind kind)
    {
        if (value.IsMissing) return null;
        if (value.IsOpaque) return new PolicySource(resource, property, kind, null, null, true);
        var document = PolicyDocument.TryRead(value, property, out var error);
        return new PolicySource(resource, property, kind, document, error, false);
    }
}
