using ZeroTrust.Policy.Iam.Data;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>
/// ZT-IAM-008: no AWS-managed policy that grants broad access is attached to anyone. Judged by what each policy's
/// document grants (the derived list in Iam/Data/aws-managed-policies.json and its criteria), not by its name.
/// </summary>
internal sealed class NoBroadManagedPolicies : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-IAM-008", "No AWS-managed policy that grants broad access", Severity.High,
        Rationale: "Some AWS-managed policies grant every action (AdministratorAccess), every action but a few (PowerUserAccess), every action of a service on every resource (IAMFullAccess, job-function/SystemAdministrator), iam:PassRole on every role, or privilege escalation; AWS widens them over time. The list is derived from the policy documents (see Iam/Data/aws-managed-policies.json for the criteria and each policy's reason).",
        Remediation: "Attach a customer-managed policy listing the actions and resources the principal uses (IAM Access Analyzer can generate one from CloudTrail).",
        References: ["CIS AWS Foundations 1.16 (no full administrative privileges attached)", "NIST 800-53 AC-6, AC-6(5)", "AWS IAM User Guide: AWS managed policies — use with caution, they grant broad permissions", "AWS IAM User Guide: AWS managed policies for job functions", "AWS IAM User Guide: Access levels in policy summaries (Permissions management)", "Rhino Security Labs: AWS IAM privilege escalation methods"]);

    private const string CustomerPolicy = "aws:iam/policy:Policy";

    // Attachments that hold one policy ARN; names checked against pulumi-aws sdk/dotnet (Iam/*, SsoAdmin/ManagedPolicyAttachment).
    private static readonly (string Type, string Property)[] SingleAttachments =
    [
        ("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "policyArn"),
        ("aws:iam/userPolicyAttachment:UserPolicyAttachment", "policyArn"),
        ("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "policyArn"),
        ("aws:iam/policyAttachment:PolicyAttachment", "policyArn"),
        ("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", "managedPolicyArn"),
    ];

    // Resources that hold a list of policy ARNs.
    private static readonly (string Type, string Property)[] ListAttachments =
    [
        (PolicySources.Role, "managedPolicyArns"),
        ("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "policyArns"),
        ("aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", "policyArns"),
        ("aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive", "policyArns"),
        ("aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive", "managedPolicyArns"),
    ];

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var (type, property) in SingleAttachments)
            foreach (var attachment in context.Stack.OfType(type))
                if (Judge(context.Stack, attachment, attachment.Input(property), property, property) is { } finding)
                    yield return finding;
        foreach (var (type, property) in ListAttachments)
            foreach (var holder in context.Stack.OfType(type))
            {
                var arns = holder.Input(property);
                // An opaque list has no items, so it yields this finding only.
                if (arns.IsOpaque) yield return Finding.CannotVerify(holder, Info, $"{property} is not known yet");
                var index = 0;
                foreach (var arn in arns.Items())
                    if (Judge(context.Stack, holder, arn, $"{property}[{index++}]", property) is { } finding)
                        yield return finding;
            }
    }

    private Finding? Judge(StackView stack, StackResource resource, Prop arn, string property, string topLevel)
    {
        // In previews the ARN of a policy created in the same stack is unknown, but its link says it is customer-managed.
        if (arn.IsOpaque)
            return FromCustomerPolicies(stack, resource, topLevel) ? null : Finding.CannotVerify(resource, Info, $"{property} is not known yet");
        if (arn.AsString() is not { } text || AwsManagedPolicies.Judge(text) is not { } verdict) return null;
        return verdict.Status switch
        {
            ManagedPolicyStatus.Broad => Finding.Violation(resource, Info, $"{property} attaches the AWS-managed {verdict.Name} ({text}), which {verdict.Why}"),
            ManagedPolicyStatus.Unknown => Finding.CannotVerify(resource, Info,
                $"{property} attaches {text}, an AWS-managed policy the derived data ({AwsManagedPolicies.Source}) does not hold: newer than the data, or no such policy; review its document"),
            _ => null,
        };
    }

    private static bool FromCustomerPolicies(StackView stack, StackResource resource, string property) =>
        resource.PropertyDependencies.TryGetValue(property, out var urns) && urns.Count > 0
        && urns.All(urn => stack.ByUrn(urn)?.Type == CustomerPolicy);
}
