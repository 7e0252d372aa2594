using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Iam.Data;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>
/// ZT-IAM-009: every policy names actions that exist, condition keys that its actions carry, and operators that fit the
/// key's type — the checks IAM Access Analyzer's policy validation makes, against the derived IAM definition.
/// </summary>
internal sealed class KnownActionsAndConditionKeys : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-IAM-009", "Policies name real actions, condition keys their actions carry, and operators that fit the key", Severity.Medium,
        Rationale: "A misspelt action (s3:GetObjct) or a wildcard that matches nothing grants or denies nothing; a condition on a key the request never carries (sts:DurationSeconds on sts:AssumeRole) is never true, so an Allow never applies and a Deny never denies; an operator of the wrong type (NumericLessThan on a string key) never matches. Each makes a policy do something other than what its author reviewed. Services and keys newer than the IAM definition are cannot-verify, never violations.",
        Remediation: "Fix the action or key name (see the service's page in the Service Authorization Reference), move the condition to a statement whose actions carry the key, or use the operator family of the key's type; run IAM Access Analyzer's ValidatePolicy for a second opinion.",
        References: ["CIS AWS Foundations 1.20 (use IAM Access Analyzer)", "NIST 800-53 AC-3, AC-6", "AWS IAM User Guide: IAM policy validation check reference (Invalid action, Invalid service condition key, Data type mismatch)", "AWS Service Authorization Reference: actions, resources and condition keys", "AWS IAM User Guide: AWS global condition context keys", "AWS IAM User Guide: IAM JSON policy elements — condition operators", "AWS IAM User Guide: available keys for AWS OIDC federation"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var source in PolicySources.All(context.Stack))
        {
            if (source.Unreadable(Info) is { } unreadable)
            {
                yield return unreadable;
                continue;
            }
            var statements = source.Document!.Statements;
            for (var index = 0; index < statements.Count; index++)
                foreach (var finding in Judge(source, statements[index], $"{source.Property} Statement[{index}]"))
                    yield return finding;
        }
    }

    private IEnumerable<Finding> Judge(PolicySource source, PolicyStatement statement, string at)
    {
        var definition = IamDefinition.Current;
        // The granted action patterns that name known actions: their actions are looked up per pattern (cached), not
        // copied per statement, since a wildcard names hundreds of actions and a large stack repeats it.
        var granted = new List<string>();
        // Whether the statement's actions are all resolved, so "no action carries the key" can be decided.
        var resolved = statement.NotActions.Count == 0;
        foreach (var (pattern, isNot) in statement.Actions.Select(a => (a, false)).Concat(statement.NotActions.Select(a => (a, true))))
        {
            var action = pattern.Trim();
            if (ActionPattern.IsEverything(action))
            {
                resolved = false;
                continue;
            }
            var service = ActionPattern.Service(action);
            if (service is null)
            {
                resolved = false;
                yield return Finding.Violation(source.Resource, Info, $"{at} {Element(isNot)} \"{pattern}\" is not of the form service:action");
                continue;
            }
            if (service.IndexOfAny(['*', '?']) >= 0 || !definition.KnowsService(service))
            {
                resolved = false;
                if (service.IndexOfAny(['*', '?']) < 0)
                    yield return Finding.CannotVerify(source.Resource, Info,
                        $"{at} {Element(isNot)} \"{pattern}\": the service \"{service}\" is not in the IAM definition ({definition.Source}), either newer than the data or misspelt");
                continue;
            }
            var matched = definition.Match(action);
            if (matched.Count == 0)
            {
                yield return Finding.Violation(source.Resource, Info, action.IndexOfAny(['*', '?']) >= 0
                    ? $"{at} {Element(isNot)} \"{pattern}\" matches no {service} action"
                    : $"{at} {Element(isNot)} \"{pattern}\" is not a {service} action");
                continue;
            }
            if (!isNot) granted.Add(action);
        }
        foreach (var condition in statement.Conditions)
            if (JudgeCondition(source, statement, condition, granted, resolved && granted.Count > 0, at) is { } finding)
                yield return finding;
    }

    private Finding? JudgeCondition(PolicySource source, PolicyStatement statement, ConditionEntry condition, List<string> granted, bool carriersKnown, string at)
    {
        var key = condition.Key.Trim();
        IReadOnlyList<ConditionKeyType> types;
        if (GlobalConditionKeys.Find(key) is { } global)
            types = global.Types;
        else if (IamDefinition.Current.FindConditionKey(key) is { } known)
        {
            types = [known.Type];
            if (carriersKnown && !granted.Any(pattern => IamDefinition.Current.ConditionKeysCarried(pattern).Contains(known.Name)))
                return Finding.Violation(source.Resource, Info,
                    $"{at} has a condition on \"{key}\", which no request for {string.Join(", ", statement.Actions)} carries: the condition always sees the key absent");
        }
        else if (IsOidcClaim(key, granted))
            types = [ConditionKeyType.String];
        else
            return Finding.CannotVerify(source.Resource, Info,
                $"{at} has a condition on \"{key}\", which is neither a global key nor in the IAM definition ({IamDefinition.Current.Source}): newer than the data, or misspelt");

        if (RequiredType(condition.BaseOperator) is { } required && !types.Contains(ConditionKeyType.Unknown) && !types.Contains(required)
            && !(required == ConditionKeyType.Arn && types.Contains(ConditionKeyType.String)))
            return Finding.Violation(source.Resource, Info,
                $"{at} applies {condition.Operator} to \"{key}\", a {Describe(types[0])} key; {condition.BaseOperator} needs a {Describe(required)} key, so it never matches");
        return null;
    }

    // The operator families of the IAM condition operators reference. String* operators also compare ARNs, and Null
    // tests any key's presence, so they fit every type. Arn* operators also fit String keys that hold ARNs: AWS's own
    // CloudWatch Logs key policy uses ArnEquals on kms:EncryptionContext:aws:logs:arn, a String key.
    private static ConditionKeyType? RequiredType(string baseOperator) => baseOperator switch
    {
        _ when baseOperator.StartsWith("Numeric", StringComparison.Ordinal) => ConditionKeyType.Numeric,
        _ when baseOperator.StartsWith("Date", StringComparison.Ordinal) => ConditionKeyType.Date,
        _ when baseOperator.StartsWith("Arn", StringComparison.Ordinal) => ConditionKeyType.Arn,
        "Bool" => ConditionKeyType.Bool,
        "IpAddress" or "NotIpAddress" => ConditionKeyType.IpAddress,
        _ => null,
    };

    private static string Describe(ConditionKeyType type) => type switch
    {
        ConditionKeyType.Arn => "ARN",
        ConditionKeyType.IpAddress => "IP address",
        ConditionKeyType.Bool => "Boolean",
        _ => type.ToString(),
    };

    // Web identity federation adds the provider's claims as keys named "<provider URL>:<claim>" (e.g.
    // oidc.eks.<region>.amazonaws.com/id/<id>:sub) for any OIDC provider, so they cannot all be in the definition.
    private static bool IsOidcClaim(string key, List<string> granted)
    {
        var colon = key.LastIndexOf(':');
        return colon > 0 && key[..colon].Contains('.', StringComparison.Ordinal)
            && granted.Any(pattern => IamDefinition.Current.Match(pattern).Any(a => a.Service == "sts"
                && string.Equals(a.Name, "AssumeRoleWithWebIdentity", StringComparison.OrdinalIgnoreCase)));
    }

    private static string Element(bool isNot) => isNot ? "NotAction" : "Action";
}
