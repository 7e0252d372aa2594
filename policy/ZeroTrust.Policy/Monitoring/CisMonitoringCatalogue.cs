namespace ZeroTrust.Policy.Monitoring;

/// <summary>
/// The CIS AWS Foundations Benchmark monitoring controls (section 4 of v1.4–v1.5, 4.1–4.15; AWS Security Hub
/// CloudWatch.1–14), as data: the components create one metric filter and alarm per entry, and ZT-LOG-003 checks
/// that filters matching at least these events feed alarms that fire on one event. Filter patterns are the benchmark's.
/// </summary>
public static class CisMonitoringCatalogue
{
    /// <summary>The metric namespace of the CIS controls' metrics.</summary>
    public const string Namespace = "CISBenchmark";

    // Every control alarms on one occurrence within 300 s (CIS 4.x remediation).
    private static readonly AlarmDefaults AnyOccurrence = new(1, 300, 1, "Sum", "GreaterThanOrEqualToThreshold");

    private static MonitoringControl Cis(string number, string? securityHub, string key, string title, string pattern, string metric) =>
        new($"CIS-{number}", key, title, pattern, metric, Namespace, AnyOccurrence,
            securityHub is null
                ? [$"CIS AWS Foundations {number}", "NIST 800-53 AU-6, SI-4"]
                : [$"CIS AWS Foundations {number}", $"AWS Security Hub {securityHub}", "NIST 800-53 AU-6, SI-4"]);

    /// <summary>The fifteen CIS controls, in benchmark order.</summary>
    public static IReadOnlyList<MonitoringControl> Controls { get; } =
    [
        Cis("4.1", "CloudWatch.2", "unauthorized-api-calls", "Unauthorized API calls",
            "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") && ($.sourceIPAddress != \"delivery.logs.amazonaws.com\") && ($.eventName != \"HeadBucket\") }",
            "UnauthorizedAPICalls"),
        Cis("4.2", "CloudWatch.3", "console-signin-without-mfa", "Management console sign-in without MFA",
            "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }",
            "ConsoleSignInWithoutMfa"),
        Cis("4.3", "CloudWatch.1", "root-account-usage", "Usage of the root account",
            "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }",
            "RootAccountUsage"),
        Cis("4.4", "CloudWatch.4", "iam-policy-changes", "IAM policy changes",
            "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }",
            "IamPolicyChanges"),
        Cis("4.5", "CloudWatch.5", "cloudtrail-configuration-changes", "CloudTrail configuration changes",
            "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
            "CloudTrailConfigurationChanges"),
        Cis("4.6", "CloudWatch.6", "console-authentication-failures", "Management console authentication failures",
            "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }",
            "ConsoleAuthenticationFailures"),
        Cis("4.7", "CloudWatch.7", "cmk-disabled-or-scheduled-deletion", "Disabling or scheduled deletion of customer-managed keys",
            "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
            "CmkDisabledOrScheduledForDeletion"),
        Cis("4.8", "CloudWatch.8", "s3-bucket-policy-changes", "S3 bucket policy changes",
            "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
            "S3BucketPolicyChanges"),
        Cis("4.9", "CloudWatch.9", "aws-config-changes", "AWS Config configuration changes",
            "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }",
            "AwsConfigChanges"),
        Cis("4.10", "CloudWatch.10", "security-group-changes", "Security group changes",
            "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
            "SecurityGroupChanges"),
        Cis("4.11", "CloudWatch.11", "nacl-changes", "Network ACL changes",
            "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
            "NetworkAclChanges"),
        Cis("4.12", "CloudWatch.12", "network-gateway-changes", "Network gateway changes",
            "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
            "NetworkGatewayChanges"),
        Cis("4.13", "CloudWatch.13", "route-table-changes", "Route table changes",
            "{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }",
            "RouteTableChanges"),
        Cis("4.14", "CloudWatch.14", "vpc-changes", "VPC changes",
            "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
            "VpcChanges"),
        Cis("4.15", null, "organizations-changes", "AWS Organizations changes",
            "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }",
            "OrganizationsChanges"),
    ];

    /// <summary>A CIS control by id (<c>CIS-4.3</c>) or key (<c>root-account-usage</c>), or null.</summary>
    public static MonitoringControl? Find(string id) =>
        Controls.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase) || c.Key == id);
}
