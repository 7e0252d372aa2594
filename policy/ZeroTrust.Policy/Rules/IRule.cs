namespace ZeroTrust.Policy.Rules;

/// <summary>One least-privilege invariant: a pure function from a stack to its findings.</summary>
public interface IRule
{
    RuleInfo Info { get; }

    /// <summary>Violations and cannot-verify findings; nothing for resources that comply or are not applicable.</summary>
    IEnumerable<Finding> Check(RuleContext context);
}
