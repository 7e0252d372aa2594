using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Iam.Data;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>
/// ZT-IAM-009: every policy names actions that exist, condition keys that its actions carry, and operators that fit the
/// key's type — the checks IAM Access Analyzer's policy validation makes, against the derived IAM definition.
/// Two checks go beyond the definition, for the same reason (a condition the request can never satisfy):
/// <list type="bullet">
/// <item>An ARN operator (ArnEquals/ArnLike and negations) on a String key is accepted when every value is an ARN: the
/// operators reference says "the ARN is considered a string", and AWS's own CloudWatch Logs key policy uses
/// ArnLike/ArnEquals on <c>kms:EncryptionContext:aws:logs:arn</c> (a String key). A value that is not an ARN cannot match
/// the six colon-separated parts the operator compares, so it is a finding.</item>
/// <item>A trust statement that admits role sessions (role ARNs, or an account narrowed to roles by
/// <c>aws:PrincipalArn</c>, as Identity Center permission sets are trusted) and requires MFA — or a trust policy whose
/// Deny guardrail refuses AssumeRole without MFA — locks those sessions out: "the temporary credentials returned by
/// AssumeRole do not include MFA information in the context" (IAM User Guide: Configuring MFA-protected API access).
/// ZT-IAM-004 exempts role sessions from MFA; this rule reports the opposite mistake, which would surface only during
/// an incident, when the on-call tries the role.</item>
/// </list>
/// </summary>
internal sealed class KnownActionsAndConditionKeys : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-IAM-009", "Policies name real actions, condition keys their actions carry, and operators that fit the key", Severity.Medium,
        Rationale: "A misspelt action (s3:GetObjct) or a wildcard that matches nothing grants or denies nothing; a condition on a key the request never carries (sts:DurationSeconds on sts:AssumeRole) is never true, so an Allow never applies and a Deny never denies; an operator of the wrong type (NumericLessThan on a string key) never matches. A trust statement that demands MFA of role sessions (role chaining, Identity Center) locks them out, since AssumeRole credentials carry no MFA context. Each makes a policy do something other than what its author reviewed. Services and keys newer than the IAM definition are cannot-verify, never violations.",
        Remediation: "Fix the action or key name (see the service's page in the Service Authorization Reference), move the condition to a statement whose actions carry the key, or use the operator family of the key's type; run IAM Access Analyzer's ValidatePolicy for a second opinion.",
        References: ["CIS AWS Foundations 1.20 (use IAM Access Analyzer)", "NIST 800-53 AC-3, AC-6", "AWS IAM User Guide: IAM policy validation check reference (Invalid action, Invalid service condition key, Data type mismatch)", "AWS Service Authorization Reference: actions, resources and condition keys", "AWS IAM User Guide: AWS global condition context keys", "AWS IAM User Guide: IAM JSON policy elements — condition operators", "AWS IAM User Guide: available keys for AWS OIDC federation", "AWS IAM User Guide: Configuring MFA-protected API access (AssumeRole credentials carry no MFA context)"]);

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
            var mfaGuardrail = source.Kind == PolicyKind.Trust && statements.Any(IsMfaGuardrail);
            for (var index = 0; index < statements.Count; index++)
            {
                var at = $"{source.Property} Statement[{index}]";
                foreach (var finding in Judge(source, statements[index], at))
                    yield return finding;
                if (source.Kind == PolicyKind.Trust && LockedOutRoles(statements[index], mfaGuardrail) is { } lockout)
                    yield return Finding.Violation(source.Resource, Info, $"{at} {lockout}");
            }
        }
    }

    // Role sessions admitted by an Allow of sts:AssumeRole that MFA conditions (or an MFA Deny) make unusable.
    private static string? LockedOutRoles(PolicyStatement statement, bool mfaGuardrail)
    {
        if (!statement.IsAllow || !RoleSessionPrincipals.Grants(statement, "sts:AssumeRole")) return null;
        var byStatement = RoleSessionPrincipals.RequiresMfa(statement);
        if (!byStatement && !mfaGuardrail) return null;
        var roles = RoleSessionPrincipals.Roles(statement);
        if (roles.Count == 0) return null;
        var how = byStatement ? "requires MFA" : "is refused by the policy's Deny without MFA";
        return $"lets role sessions ({string.Join(", ", roles)}) assume the role but {how}: a session from AssumeRole (role chaining, Identity Center) carries no MFA context, so they can never assume it — require MFA where the person signs in, not of the role session";
    }

    // Deny sts:AssumeRole whenever aws:MultiFactorAuthPresent is absent or false (the IAM User Guide's BoolIfExists "false" guardrail).
    private static bool IsMfaGuardrail(PolicyStatement statement) =>
        !statement.IsAllow && RoleSessionPrincipals.Grants(statement, "sts:AssumeRole")
        && (statement.Principal is { IsEveryone: true } || statement.Principal?.Of("AWS").Any(RoleSessionPrincipals.IsRole) == true)
        && statement.Conditions.Count == 1
        && statement.Conditions[0] is { Operator: "BoolIfExists" or "Bool" } entry
        && string.Equals(entry.Key, "aws:MultiFactorAuthPresent", StringComparison.OrdinalIgnoreCase)
        // Values are ORed: a list holding "false" refuses every session without MFA.
        && entry.Values.Any(v => string.Equals(v, "false", StringComparison.OrdinalIgnoreCase));

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
            // No service prefix holds a wildcard, so a wildcard over services is "not known" too, but not reported.
            if (!definition.KnowsService(service))
            {
                resolved = false;
                if (!service.AsSpan().ContainsAny('*', '?'))
                    yield return Finding.CannotVerify(source.Resource, Info,
                        $"{at} {Element(isNot)} \"{pattern}\": the service \"{service}\" is not in the IAM definition ({definition.Source}), either newer than the data or misspelt");
                continue;
            }
            var matched = definition.Match(action);
            if (matched.Count == 0)
            {
                yield return Finding.Violation(source.Resource, Info, action.AsSpan().ContainsAny('*', '?')
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

        var required = RequiredType(condition.BaseOperator);
        if (required == ConditionKeyType.Arn && !types.Contains(ConditionKeyType.Arn) && types.Contains(ConditionKeyType.String))
        {
            var notArns = condition.Values.Where(v => !IsArnValue(v)).ToList();
            return notArns.Count == 0 ? null : Finding.Violation(source.Resource, Info,
                $"{at} applies {condition.Operator} to \"{key}\" with {string.Join(", ", notArns.Select(v => $"\"{v}\""))}, which is not an ARN: an ARN operator compares the six colon-separated parts of an ARN, so it never matches; use a String operator");
        }
        if (required is { } type && !types.Contains(ConditionKeyType.Unknown) && !types.Contains(type))
            return Finding.Violation(source.Resource, Info,
                $"{at} applies {condition.Operator} to \"{key}\", a {Describe(types[0])} key; {condition.BaseOperator} needs a {Describe(type)} key, so it never matches");
        return null;
    }

    // An ARN, an ARN pattern, a policy variable standing for one, or a value not known yet (checked once known).
    private static bool IsArnValue(string value) =>
        value.StartsWith("arn:", StringComparison.Ordinal) || value.StartsWith("${", StringComparison.Ordinal) || value == Model.PulumiSentinels.Unknown;

    // The operator families of the IAM condition operators reference. String* operators also compare ARNs, and Null
    // tests any key's presence, so they fit every type. Arn* operators also fit String keys whose values are ARNs (see
    // the type's remarks).
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
        return key[..Math.Max(key.LastIndexOf(':'), 0)].Contains('.', StringComparison.Ordinal)
            && granted.Any(pattern => IamDefinition.Current.Match(pattern).Any(a => a.Service == "sts"
                && string.Equals(a.Name, "AssumeRoleWithWebIdentity", StringComparison.OrdinalIgnoreCase)));
    }

    private static string Element(bool isNot) => isNot ? "NotAction" : "Action";
}
