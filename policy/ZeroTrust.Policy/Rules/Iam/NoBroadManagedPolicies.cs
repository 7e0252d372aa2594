using System.Text.RegularExpressions;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>ZT-IAM-008: no AWS-managed AdministratorAccess or *FullAccess policy is attached to anyone.</summary>
internal sealed partial class NoBroadManagedPolicies : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-IAM-008", "No AdministratorAccess or AWS-managed *FullAccess attachments", Severity.High,
        Rationale: "AWS-managed AdministratorAccess and *FullAccess policies grant every action of one or all services on every resource, and AWS widens them over time; they are the opposite of least privilege.",
        Remediation: "Attach a customer-managed policy listing the actions and resources the principal uses (IAM Access Analyzer can generate one from CloudTrail).",
        References: ["CIS AWS Foundations 1.16 (no full administrative privileges attached)", "NIST 800-53 AC-6, AC-6(5)", "AWS IAM User Guide: AWS managed policies — use with caution, they grant broad permissions"]);

    private const string CustomerPolicy = "aws:iam/policy:Policy";

    // Attachments; each holds the policy ARN in policyArn.
    private static readonly string[] AttachmentTypes =
    [
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
        "aws:iam/policyAttachment:PolicyAttachment",
    ];

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var type in AttachmentTypes)
            foreach (var attachment in context.Stack.OfType(type))
                if (Judge(context.Stack, attachment, attachment.Input("policyArn"), "policyArn", "policyArn") is { } finding)
                    yield return finding;
        // The other attachment carriers (IAM Identity Center permission sets, the *PolicyAttachmentsExclusive types).
        foreach (var other in PolicySources.ManagedPolicyAttachments(context.Stack))
            if (other.Resource.Type != PolicySources.Role && !AttachmentTypes.Contains(other.Resource.Type)
                && Judge(context.Stack, other.Resource, other.PolicyArn, other.Property, other.TopLevel) is { } finding)
                yield return finding;
        foreach (var role in context.Stack.OfType(PolicySources.Role))
        {
            var arns = role.Input("managedPolicyArns");
            if (arns.IsOpaque)
            {
                yield return Finding.CannotVerify(role, Info, "managedPolicyArns is not known yet");
                continue;
            }
            var index = 0;
            foreach (var arn in arns.Items())
                if (Judge(context.Stack, role, arn, $"managedPolicyArns[{index++}]", "managedPolicyArns") is { } finding)
                    yield return finding;
        }
    }

    private Finding? Judge(StackView stack, StackResource resource, Prop arn, string property, string topLevel)
    {
        // In previews the ARN of a policy created in the same stack is unknown, but its link says it is customer-managed.
        if (arn.IsOpaque)
            return FromCustomerPolicies(stack, resource, topLevel) ? null : Finding.CannotVerify(resource, Info, $"{property} is not known yet");
        return arn.AsString() is { } text && BroadManagedPolicyName(text) is { } name
            ? Finding.Violation(resource, Info, $"{property} attaches the AWS-managed {name} ({text})")
            : null;
    }

    private static bool FromCustomerPolicies(StackView stack, StackResource resource, string property) =>
        resource.PropertyDependencies.TryGetValue(property, out var urns) && urns.Count > 0
        && urns.All(urn => stack.ByUrn(urn)?.Type == CustomerPolicy);

    /// <summary>The policy name when <paramref name="arn"/> is AWS-managed AdministratorAccess or *FullAccess, else null.</summary>
    internal static string? BroadManagedPolicyName(string arn)
    {
        var match = AwsManagedPolicyArn().Match(arn.Trim());
        if (!match.Success) return null;
        var name = match.Groups["name"].Value;
        return name == "AdministratorAccess" || name.EndsWith("FullAccess", StringComparison.Ordinal) ? name : null;
    }

    // arn:<partition>:iam::aws:policy[/path/…]/Name — account "aws" marks AWS-managed policies in every partition.
    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:iam::aws:policy/(?:[^/]+/)*(?<name>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsManagedPolicyArn();
}
