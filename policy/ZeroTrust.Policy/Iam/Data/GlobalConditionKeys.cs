namespace ZeroTrust.Policy.Iam.Data;

/// <summary>
/// The global condition context keys and their types, which the iam-definition dataset does not list (it has only the
/// tag keys). Source: AWS IAM User Guide, "AWS global condition context keys"
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html), including the role-session
/// keys it lists with a service prefix (ec2:SourceInstanceArn, lambda:SourceFunctionArn, …).
/// </summary>
public static class GlobalConditionKeys
{
    private static readonly (string Name, ConditionKeyType[] Types)[] Keys =
    [
        // Properties of the principal
        ("aws:PrincipalArn", [ConditionKeyType.Arn]),
        ("aws:PrincipalAccount", [ConditionKeyType.String]),
        ("aws:PrincipalOrgPaths", [ConditionKeyType.String]),
        ("aws:PrincipalOrgID", [ConditionKeyType.String]),
        ("aws:PrincipalTag/${TagKey}", [ConditionKeyType.String]),
        ("aws:PrincipalIsAWSService", [ConditionKeyType.Bool]),
        ("aws:PrincipalServiceName", [ConditionKeyType.String]),
        ("aws:PrincipalServiceNamesList", [ConditionKeyType.String]),
        ("aws:PrincipalType", [ConditionKeyType.String]),
        ("aws:userid", [ConditionKeyType.String]),
        ("aws:username", [ConditionKeyType.String]),
        // Properties of a role session
        ("aws:AssumedRoot", [ConditionKeyType.String]),
        ("aws:FederatedProvider", [ConditionKeyType.String]),
        ("aws:TokenIssueTime", [ConditionKeyType.Date]),
        ("aws:MultiFactorAuthAge", [ConditionKeyType.Numeric]),
        ("aws:MultiFactorAuthPresent", [ConditionKeyType.Bool]),
        ("aws:ChatbotSourceArn", [ConditionKeyType.Arn]),
        ("aws:Ec2InstanceSourceVpc", [ConditionKeyType.String]),
        ("aws:Ec2InstanceSourcePrivateIPv4", [ConditionKeyType.IpAddress]),
        ("aws:SourceIdentity", [ConditionKeyType.String]),
        ("ec2:RoleDelivery", [ConditionKeyType.Numeric]),
        ("ec2:SourceInstanceArn", [ConditionKeyType.Arn]),
        ("glue:RoleAssumedBy", [ConditionKeyType.String]),
        ("glue:CredentialIssuingService", [ConditionKeyType.String]),
        ("identitystore:UserId", [ConditionKeyType.String]),
        ("lambda:SourceFunctionArn", [ConditionKeyType.Arn]),
        ("ssm:SourceInstanceArn", [ConditionKeyType.Arn]),
        // Properties of the network
        ("aws:SourceIp", [ConditionKeyType.IpAddress]),
        ("aws:SourceVpc", [ConditionKeyType.String]),
        ("aws:SourceVpcArn", [ConditionKeyType.Arn]),
        ("aws:SourceVpce", [ConditionKeyType.String]),
        ("aws:VpceAccount", [ConditionKeyType.String]),
        ("aws:VpceOrgPaths", [ConditionKeyType.String]),
        ("aws:VpceOrgID", [ConditionKeyType.String]),
        ("aws:VpcSourceIp", [ConditionKeyType.IpAddress]),
        // Properties of the resource
        ("aws:ResourceAccount", [ConditionKeyType.String]),
        ("aws:ResourceOrgPaths", [ConditionKeyType.String]),
        ("aws:ResourceOrgID", [ConditionKeyType.String]),
        ("aws:ResourceTag/${TagKey}", [ConditionKeyType.String]),
        // Properties of the request
        ("aws:CalledVia", [ConditionKeyType.String]),
        ("aws:CalledViaFirst", [ConditionKeyType.String]),
        ("aws:CalledViaLast", [ConditionKeyType.String]),
        ("aws:ViaAWSService", [ConditionKeyType.Bool]),
        ("aws:CurrentTime", [ConditionKeyType.Date]),
        ("aws:EpochTime", [ConditionKeyType.Date, ConditionKeyType.Numeric]),
        ("aws:referer", [ConditionKeyType.String]),
        ("aws:RequestedRegion", [ConditionKeyType.String]),
        ("aws:RequestTag/${TagKey}", [ConditionKeyType.String]),
        ("aws:TagKeys", [ConditionKeyType.String]),
        ("aws:SecureTransport", [ConditionKeyType.Bool]),
        ("aws:SourceAccount", [ConditionKeyType.String]),
        ("aws:SourceArn", [ConditionKeyType.Arn]),
        ("aws:SourceOrgID", [ConditionKeyType.String]),
        ("aws:SourceOrgPaths", [ConditionKeyType.String]),
        ("aws:UserAgent", [ConditionKeyType.String]),
    ];

    private static readonly Lazy<(KeyTable Table, Dictionary<string, ConditionKeyType[]> Types)> Index = new(() =>
    {
        var table = new KeyTable();
        var types = new Dictionary<string, ConditionKeyType[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, keyTypes) in Keys)
        {
            table.Add(new ConditionKeyInfo(name, keyTypes[0]));
            types[name] = keyTypes;
        }
        return (table, types);
    });

    /// <summary>The global key <paramref name="key"/> matches (templates such as <c>aws:RequestTag/${TagKey}</c> included), with every type it accepts; null when it is not global.</summary>
    public static (string Name, IReadOnlyList<ConditionKeyType> Types)? Find(string key) =>
        Index.Value.Table.Find(key) is { } info ? (info.Name, Index.Value.Types[info.Name]) : null;
}
