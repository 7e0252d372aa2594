namespace ZeroTrust.Policy.Monitoring;

/// <summary>How often a field appears in the CloudTrail events of one class of callers.</summary>
public enum FieldPresence
{
    Always,
    Sometimes,
    Never,
}

/// <summary>What the events of a caller class hold in one field: whether it is there and, when it takes only a few documented values, which.</summary>
public sealed record FieldFact(FieldPresence Presence, IReadOnlyList<string>? Values = null)
{
    /// <summary>Always there, with values that differ from caller to caller.</summary>
    public static FieldFact Varies { get; } = new(FieldPresence.Always);

    /// <summary>Never there (a leaf absent from the event).</summary>
    public static FieldFact Absent { get; } = new(FieldPresence.Never);

    /// <summary>There in some events of the class only.</summary>
    public static FieldFact Sometimes { get; } = new(FieldPresence.Sometimes);

    /// <summary>Always there, with one of these values.</summary>
    public static FieldFact OneOf(params string[] values) => new(FieldPresence.Always, values);
}

/// <summary>
/// One class of callers as CloudTrail's <c>userIdentity</c> element records them: the fields their events carry, and
/// the fields that name one principal with few values (a role, a user, the account root), as opposed to fields that
/// change with every session or access key. A denied-access spike detector must count every class per principal.
/// Source: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
/// (type, arn, principalId, accessKeyId, sessionContext.sessionIssuer).
/// </summary>
public sealed record CallerClass(string Name, string IdentityType, IReadOnlyDictionary<string, FieldFact> Fields,
    IReadOnlyList<string> PrincipalKeys, IReadOnlyList<string> SessionScoped)
{
    /// <summary>The name with the userIdentity type it stands for: "IAM users (IAMUser)".</summary>
    public override string ToString() => $"{Name} ({IdentityType})";

    /// <summary>What the class's events hold at a selector (<c>$.a.b</c>), or null for a field this model does not describe.</summary>
    public FieldFact? Fact(string selector) =>
        selector == TypeSelector ? FieldFact.OneOf(IdentityType)
        : Fields.TryGetValue(selector, out var fact) ? fact
        : CallerClasses.EveryEvent.TryGetValue(selector, out var common) ? common
        : null;

    /// <summary>The selector of the identity type.</summary>
    public const string TypeSelector = "$.userIdentity.type";
}

/// <summary>
/// The caller classes whose denied requests ZT-LOG-006 requires counted per principal: role sessions, federated users,
/// IAM users and the root user (CloudTrail userIdentity types AssumedRole, FederatedUser, IAMUser, Root). Requests of
/// <c>AWSAccount</c> and <c>AWSService</c> callers come from principals of other accounts or of AWS itself, carry no
/// ARN of the caller, and are left out.
/// </summary>
public static class CallerClasses
{
    private const string Identity = "$.userIdentity.";
    private const string Issuer = "$.userIdentity.sessionContext.sessionIssuer.";

    /// <summary>Fields every CloudTrail management event carries (record contents), with values that vary.</summary>
    public static IReadOnlyDictionary<string, FieldFact> EveryEvent { get; } = new Dictionary<string, FieldFact>(StringComparer.Ordinal)
    {
        ["$.eventVersion"] = FieldFact.Varies, ["$.eventTime"] = FieldFact.Varies, ["$.eventSource"] = FieldFact.Varies,
        ["$.eventName"] = FieldFact.Varies, ["$.awsRegion"] = FieldFact.Varies, ["$.sourceIPAddress"] = FieldFact.Varies,
        ["$.userAgent"] = FieldFact.Varies, ["$.eventID"] = FieldFact.Varies, ["$.eventType"] = FieldFact.Varies,
        ["$.recipientAccountId"] = FieldFact.Varies, ["$.userIdentity.accountId"] = FieldFact.Varies,
    };

    // The session issuer's fields, present (role sessions, federated users) or absent (IAM users, root).
    private static Dictionary<string, FieldFact> IssuerFields(FieldFact arn, FieldFact principalId, FieldFact userName, FieldFact type) => new(StringComparer.Ordinal)
    {
        [Issuer + "arn"] = arn, [Issuer + "principalId"] = principalId, [Issuer + "userName"] = userName,
        [Issuer + "type"] = type, [Issuer + "accountId"] = arn.Presence == FieldPresence.Always ? FieldFact.Varies : FieldFact.Absent,
    };

    private static Dictionary<string, FieldFact> With(Dictionary<string, FieldFact> fields, params (string Field, FieldFact Fact)[] more)
    {
        foreach (var (field, fact) in more) fields[Identity + field] = fact;
        return fields;
    }

    /// <summary>Temporary credentials from AssumeRole (EC2 roles, cross-account roles, SSO): arn and principalId carry the session name.</summary>
    public static CallerClass RoleSessions { get; } = new("role sessions", "AssumedRole",
        With(IssuerFields(FieldFact.Varies, FieldFact.Varies, FieldFact.Varies, FieldFact.OneOf("Role")),
            ("arn", FieldFact.Varies), ("principalId", FieldFact.Varies), ("accessKeyId", FieldFact.Varies), ("userName", FieldFact.Absent),
            ("sessionContext.attributes.mfaAuthenticated", FieldFact.OneOf("true", "false")), ("sessionContext.attributes.creationDate", FieldFact.Varies)),
        [Issuer + "arn", Issuer + "principalId", Issuer + "userName"],
        [Identity + "arn", Identity + "principalId", Identity + "accessKeyId", "$.sourceIPAddress"]);

    /// <summary>Temporary credentials from GetFederationToken: the session issuer is the IAM user or root that called it; arn carries the federated name.</summary>
    public static CallerClass FederatedUsers { get; } = new("federated users", "FederatedUser",
        With(IssuerFields(FieldFact.Varies, FieldFact.Varies, FieldFact.Sometimes, FieldFact.OneOf("IAMUser", "Root")),
            ("arn", FieldFact.Varies), ("principalId", FieldFact.Varies), ("accessKeyId", FieldFact.Varies), ("userName", FieldFact.Absent)),
        [Issuer + "arn", Issuer + "principalId"],
        [Identity + "arn", Identity + "principalId", Identity + "accessKeyId", "$.sourceIPAddress"]);

    /// <summary>Long-term IAM user credentials: arn, principalId and userName name the user; the access key rotates.</summary>
    public static CallerClass IamUsers { get; } = new("IAM users", "IAMUser",
        With(IssuerFields(FieldFact.Absent, FieldFact.Absent, FieldFact.Absent, FieldFact.Absent),
            ("arn", FieldFact.Varies), ("principalId", FieldFact.Varies), ("userName", FieldFact.Varies), ("accessKeyId", FieldFact.Varies),
            ("sessionContext.attributes.mfaAuthenticated", FieldFact.Sometimes)),
        [Identity + "arn", Identity + "principalId", Identity + "userName"],
        [Identity + "accessKeyId", "$.sourceIPAddress"]);

    /// <summary>The account's root credentials: arn is the account root; userName holds the account alias only when one is set.</summary>
    public static CallerClass Root { get; } = new("the root user", "Root",
        With(IssuerFields(FieldFact.Absent, FieldFact.Absent, FieldFact.Absent, FieldFact.Absent),
            ("arn", FieldFact.Varies), ("principalId", FieldFact.Varies), ("userName", FieldFact.Sometimes), ("accessKeyId", FieldFact.Sometimes),
            ("sessionContext.attributes.mfaAuthenticated", FieldFact.Sometimes)),
        [Identity + "arn", Identity + "principalId"],
        [Identity + "accessKeyId", "$.sourceIPAddress"]);

    /// <summary>Every class that must be counted, in the order findings name them.</summary>
    public static IReadOnlyList<CallerClass> All { get; } = [RoleSessions, FederatedUsers, IamUsers, Root];
}
