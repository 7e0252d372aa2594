namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>ZT-IAM-007: people and workloads get roles, not IAM users with long-lived keys or their own policies.</summary>
internal sealed class NoIamUserCredentials : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-IAM-007", "No IAM users with access keys or inline policies", Severity.Medium,
        Rationale: "Access keys are long-lived secrets that leak; permissions attached to individual users escape group and role review. Roles give short-lived credentials, and federation gives people MFA.",
        Remediation: "Replace the user with a role (workloads) or SSO/federation (people); if a user must exist, grant through a group and do not create access keys in the stack.",
        References: ["CIS AWS Foundations 1.15 (permissions only through groups)", "CIS AWS Foundations 1.11/1.14 (no access keys at setup; rotate keys)", "NIST 800-53 IA-5, AC-2", "AWS IAM User Guide: Security best practices — use temporary credentials"]);

    // Type → what it gives a user. pulumi-aws's User has no inline-policy property: inline policies are UserPolicy resources.
    private static readonly (string Type, string What)[] UserGrants =
    [
        ("aws:iam/accessKey:AccessKey", "a long-lived access key"),
        ("aws:iam/userPolicy:UserPolicy", "an inline policy"),
        ("aws:iam/userPolicyAttachment:UserPolicyAttachment", "a policy attached to the user directly"),
    ];

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var (type, what) in UserGrants)
            foreach (var resource in context.Stack.OfType(type))
                yield return Finding.Violation(resource, Info, $"gives IAM user {resource.Input("user").AsString() ?? resource.Input("user").ToString()} {what}");
        foreach (var attachment in context.Stack.OfType("aws:iam/policyAttachment:PolicyAttachment"))
        {
            var users = attachment.Input("users");
            if (users.IsOpaque) yield return Finding.CannotVerify(attachment, Info, "users is not known yet");
            else if (users.Items().Any())
                yield return Finding.Violation(attachment, Info, $"attaches a policy to IAM users {users} directly");
        }
    }
}
