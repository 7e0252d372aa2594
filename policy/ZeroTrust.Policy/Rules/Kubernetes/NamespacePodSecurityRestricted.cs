namespace ZeroTrust.Policy.Rules.Kubernetes;

/// <summary>ZT-K8S-003: workload namespaces enforce the Pod Security "restricted" profile.</summary>
internal sealed class NamespacePodSecurityRestricted : IRule
{
    public const string EnforceLabel = "pod-security.kubernetes.io/enforce";

    public RuleInfo Info { get; } = new(
        "ZT-K8S-003",
        "Namespaces enforce Pod Security \"restricted\"",
        Severity.High,
        "Without the restricted profile, pods may run privileged, as root, with host namespaces or added capabilities, "
        + "turning one compromised container into a compromised node.",
        "Label the namespace pod-security.kubernetes.io/enforce=restricted (and pin enforce-version); fix pods the profile rejects.",
        [
            "Kubernetes: Pod Security Admission — https://kubernetes.io/docs/concepts/security/pod-security-admission/",
            "Kubernetes: Pod Security Standards, Restricted — https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
            "NIST SP 800-53 Rev. 5 CM-7 Least Functionality — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var ns in KubernetesView.Of(context.Stack).Namespaces)
        {
            if (KubernetesView.IsSystem(ns, context.Settings)) continue;
            var labels = ns.Input("metadata.labels");
            var level = KubernetesView.Label(labels, EnforceLabel);
            if (labels.IsOpaque || level.IsOpaque)
                yield return Finding.CannotVerify(ns, Info, $"namespace {ns.Name}: label {EnforceLabel} is unknown");
            else if (level.IsMissing)
                yield return Finding.Violation(ns, Info, $"namespace {ns.Name} has no {EnforceLabel} label; it must enforce restricted");
            else if (level.AsString() != "restricted")
                yield return Finding.Violation(ns, Info, $"namespace {ns.Name} enforces '{level.AsString() ?? level.ToString()}', not restricted");
        }
    }
}
