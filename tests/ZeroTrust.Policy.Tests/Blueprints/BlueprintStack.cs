using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Monitoring;

namespace ZeroTrust.Policy.Tests.Blueprints;

/// <summary>
/// Builds, without Pulumi, the resources each component creates from its blueprint (same types, names, inputs,
/// parents and mock ids as the components' mock tests), so the blueprints' decisions are checked against the engine
/// here, where the Pulumi packages are not needed.
/// </summary>
internal sealed class BlueprintStack
{
    private const string Acct = "123456789012", Region = "eu-west-1";
    private readonly List<StackResource> _stack = [];

    /// <summary>Everything built so far.</summary>
    public IReadOnlyList<StackResource> Resources => _stack;
    private static string Arn(string type, string name) => $"arn:aws:mock:{Region}:{Acct}:{type}/{name}";
    // An auto-named role's ARN as the mocks return it: its prefix plus the mocks' unique suffix.
    private static string RoleArn(string namePrefix) => $"arn:aws:iam::{Acct}:role/{namePrefix}0a1b2c3d";
    private string Add(string type, string name, Dictionary<string, object?> inputs, string parentType, string parentName, Dictionary<string, object?>? extraOut = null)
    {
        var outputs = new Dictionary<string, object?>(inputs);
        outputs.TryAdd("arn", Arn(type, name));
        foreach (var (k, v) in extraOut ?? []) outputs[k] = v;
        _stack.Add(StackResource.FromProperties(type, name, inputs, StackResource.MakeUrn("test", "test", parentType, parentName), $"{name}-id", outputs: outputs));
        return $"{name}-id";
    }
    private void Component(string type, string name) => _stack.Add(StackResource.FromProperties(type, name, new Dictionary<string, object?>()));

    /// <summary>The audit pipeline as AuditLogPipeline wires it (with cross-account shipping).</summary>
    public BlueprintStack Pipeline()
    {
        const string P = "zerotrust:monitoring:AuditLogPipeline";
        Component(P, "audit");
        var n = new AuditPipelineNames("audit", Acct, Region, "0a1b2c3d");
        var tags = new Dictionary<string, object?> { ["zerotrust:pipeline"] = "audit" };
        Add("random:index/randomId:RandomId", "audit-trail-suffix", new() { ["byteLength"] = 4.0 }, P, "audit", new() { ["hex"] = "0a1b2c3d" });
        var firehoseRoleArn = RoleArn(n.Prefixes.FirehoseRole);
        var firehoseRole = Add("aws:iam/role:Role", "audit-firehose-role", new() { ["namePrefix"] = n.Prefixes.FirehoseRole, ["assumeRolePolicy"] = AuditPipelineBlueprint.FirehoseTrust(n).ToJson(), ["tags"] = tags }, P, "audit");
        Add("aws:kms/key:Key", "audit-key", new() { ["description"] = "x", ["enableKeyRotation"] = true, ["deletionWindowInDays"] = 30.0, ["policy"] = AuditPipelineBlueprint.KeyPolicy(n).ToJson(), ["tags"] = tags }, P, "audit", new() { ["keyId"] = "audit-key-key-id" });
        var keyArn = Arn("aws:kms/key:Key", "audit-key");
        Add("aws:kms/alias:Alias", "audit-key-alias", new() { ["namePrefix"] = n.Prefixes.KeyAlias, ["targetKeyId"] = "audit-key-key-id" }, P, "audit");
        var bucket = Add("aws:s3/bucket:Bucket", "audit-trail-bucket", new() { ["bucketPrefix"] = n.Prefixes.Bucket, ["tags"] = tags }, P, "audit");
        var bucketArn = Arn("aws:s3/bucket:Bucket", "audit-trail-bucket");
        Add("aws:s3/bucketVersioning:BucketVersioning", "audit-trail-bucket-versioning", new() { ["bucket"] = bucket, ["versioningConfiguration"] = new Dictionary<string, object?> { ["status"] = "Enabled" } }, P, "audit");
        Add("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "audit-trail-bucket-encryption", new() { ["bucket"] = bucket, ["rules"] = new object[] { new Dictionary<string, object?> { ["applyServerSideEncryptionByDefault"] = new Dictionary<string, object?> { ["sseAlgorithm"] = "aws:kms", ["kmsMasterKeyId"] = keyArn }, ["bucketKeyEnabled"] = true } } }, P, "audit");
        Add("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "audit-trail-bucket-public-access", new() { ["bucket"] = bucket, ["blockPublicAcls"] = true, ["blockPublicPolicy"] = true, ["ignorePublicAcls"] = true, ["restrictPublicBuckets"] = true }, P, "audit");
        Add("aws:s3/bucketPolicy:BucketPolicy", "audit-trail-bucket-policy", new() { ["bucket"] = bucket, ["policy"] = AuditPipelineBlueprint.TrailBucketPolicy(n, bucketArn).ToJson() }, P, "audit");
        var accessLogs = Add("aws:s3/bucket:Bucket", "audit-access-log-bucket", new() { ["bucketPrefix"] = n.Prefixes.AccessLogBucket, ["tags"] = tags }, P, "audit");
        var accessLogsArn = Arn("aws:s3/bucket:Bucket", "audit-access-log-bucket");
        Add("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "audit-access-log-bucket-encryption", new() { ["bucket"] = accessLogs, ["rules"] = new object[] { new Dictionary<string, object?> { ["applyServerSideEncryptionByDefault"] = new Dictionary<string, object?> { ["sseAlgorithm"] = AuditPipelineBlueprint.AccessLogBucketEncryption } } } }, P, "audit");
        Add("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "audit-access-log-bucket-public-access", new() { ["bucket"] = accessLogs, ["blockPublicAcls"] = true, ["blockPublicPolicy"] = true, ["ignorePublicAcls"] = true, ["restrictPublicBuckets"] = true }, P, "audit");
        Add("aws:s3/bucketPolicy:BucketPolicy", "audit-access-log-bucket-policy", new() { ["bucket"] = accessLogs, ["policy"] = AuditPipelineBlueprint.AccessLogBucketPolicy(n, accessLogsArn, bucketArn).ToJson() }, P, "audit");
        Add("aws:s3/bucketLogging:BucketLogging", "audit-trail-bucket-logging", new() { ["bucket"] = bucket, ["targetBucket"] = accessLogs, ["targetPrefix"] = AuditPipelineNames.AccessLogPrefix }, P, "audit");
        // A log group's id is its name; the mocks return ids, so the metric filters name the group by its id.
        var logGroup = Add("aws:cloudwatch/logGroup:LogGroup", "audit-log-group", new() { ["namePrefix"] = n.Prefixes.LogGroup, ["retentionInDays"] = 365.0, ["kmsKeyId"] = keyArn, ["tags"] = tags }, P, "audit");
        var groupArn = Arn("aws:cloudwatch/logGroup:LogGroup", "audit-log-group");
        var trailRole = Add("aws:iam/role:Role", "audit-cloudtrail-role", new() { ["namePrefix"] = n.Prefixes.CloudTrailRole, ["description"] = "d", ["assumeRolePolicy"] = AuditPipelineBlueprint.CloudTrailToLogsTrust(n).ToJson(), ["tags"] = tags }, P, "audit");
        Add("aws:iam/rolePolicy:RolePolicy", "audit-cloudtrail-role-policy", new() { ["role"] = trailRole, ["name"] = "deliver-to-trail-log-group", ["policy"] = AuditPipelineBlueprint.CloudTrailToLogsPolicy(groupArn).ToJson() }, P, "audit");
        Add("aws:cloudtrail/trail:Trail", "audit-trail", new() { ["name"] = n.TrailName, ["s3BucketName"] = bucket, ["isMultiRegionTrail"] = true, ["includeGlobalServiceEvents"] = true, ["enableLogFileValidation"] = true, ["kmsKeyId"] = keyArn, ["cloudWatchLogsGroupArn"] = groupArn + ":*", ["cloudWatchLogsRoleArn"] = RoleArn(n.Prefixes.CloudTrailRole), ["tags"] = tags }, P, "audit");
        Add("aws:sns/topic:Topic", "audit-alarms", new() { ["namePrefix"] = n.Prefixes.Topic, ["kmsMasterKeyId"] = keyArn, ["tags"] = tags }, P, "audit");
        var topicArn = Arn("aws:sns/topic:Topic", "audit-alarms");
        Add("aws:sns/topicSubscription:TopicSubscription", "audit-alarms-email", new() { ["topic"] = topicArn, ["protocol"] = "email", ["endpoint"] = "security@example.com" }, P, "audit");
        foreach (var rule in DeniedAccessBlueprint.Rules("audit", logGroup))
        {
            var key = rule.Name["audit-".Length..];
            Add("aws:cloudwatch/contributorInsightRule:ContributorInsightRule", $"audit-{key}", new() { ["ruleName"] = rule.Name, ["ruleDefinition"] = rule.Definition, ["ruleState"] = "ENABLED", ["tags"] = tags }, P, "audit");
            var a = DeniedAccessBlueprint.Alarm(rule.Name, 10);
            Add("aws:cloudwatch/metricAlarm:MetricAlarm", $"audit-{key}-alarm", new() { ["name"] = rule.Name, ["alarmDescription"] = "d", ["comparisonOperator"] = a.ComparisonOperator, ["evaluationPeriods"] = (double)a.EvaluationPeriods, ["threshold"] = a.Threshold, ["treatMissingData"] = "notBreaching", ["alarmActions"] = new object[] { topicArn }, ["metricQueries"] = new object[] { new Dictionary<string, object?> { ["id"] = "busiest", ["expression"] = a.Expression, ["period"] = (double)a.PeriodSeconds, ["returnData"] = true, ["label"] = "l" } }, ["tags"] = tags }, P, "audit");
        }
        foreach (var query in DeniedAccessBlueprint.AnomalyQueries("audit"))
            Add("aws:cloudwatch/queryDefinition:QueryDefinition", $"audit-{query.Name["audit/".Length..]}", new() { ["name"] = query.Name, ["queryString"] = query.QueryString, ["logGroupNames"] = new object[] { logGroup } }, P, "audit");
        _ = firehoseRoleArn;
        foreach (var c in CisMonitoringCatalogue.Controls)
        {
            var tr = new Dictionary<string, object?> { ["name"] = c.MetricName, ["namespace"] = c.MetricNamespace, ["value"] = "1" };
            if (c.Dimensions.Count > 0) tr["dimensions"] = c.Dimensions.ToDictionary(p => p.Key, p => (object?)p.Value);
            Add("aws:cloudwatch/logMetricFilter:LogMetricFilter", $"audit-{c.Key}", new() { ["name"] = $"audit-{c.Key}", ["logGroupName"] = logGroup, ["pattern"] = c.FilterPattern, ["metricTransformation"] = tr }, P, "audit");
            var alarm = new Dictionary<string, object?> { ["name"] = $"audit-{c.Key}", ["alarmDescription"] = c.Title, ["comparisonOperator"] = c.Alarm.ComparisonOperator, ["evaluationPeriods"] = (double)c.Alarm.EvaluationPeriods, ["threshold"] = c.Alarm.Threshold, ["treatMissingData"] = "notBreaching", ["alarmActions"] = new object[] { topicArn }, ["tags"] = tags };
            if (c.AlarmQuery is { } q) alarm["metricQueries"] = new object[] { new Dictionary<string, object?> { ["id"] = "busiest", ["expression"] = q, ["period"] = (double)c.Alarm.PeriodSeconds, ["returnData"] = true, ["label"] = c.Title } };
            else { alarm["metricName"] = c.MetricName; alarm["namespace"] = c.MetricNamespace; alarm["period"] = (double)c.Alarm.PeriodSeconds; alarm["statistic"] = c.Alarm.Statistic; }
            Add("aws:cloudwatch/metricAlarm:MetricAlarm", $"audit-{c.Key}-alarm", alarm, P, "audit");
        }
        // shipping cross-account
        Add("aws:iam/rolePolicy:RolePolicy", "audit-firehose-role-policy", new() { ["role"] = firehoseRole, ["name"] = "write-shipping-destination", ["policy"] = AuditPipelineBlueprint.FirehosePolicy(new CrossAccountS3Destination("arn:aws:s3:::org-log-archive"), bucketArn).ToJson() }, P, "audit");
        var processors = AuditPipelineBlueprint.CloudWatchLogsProcessors.Select(p => (object)new Dictionary<string, object?> { ["type"] = p.Type, ["parameters"] = p.Parameters.Select(kv => (object)new Dictionary<string, object?> { ["parameterName"] = kv.Key, ["parameterValue"] = kv.Value }).ToArray() }).ToArray();
        Add("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "audit-shipping", new() { ["destination"] = "extended_s3", ["extendedS3Configuration"] = new Dictionary<string, object?> { ["bucketArn"] = "arn:aws:s3:::org-log-archive", ["roleArn"] = firehoseRoleArn, ["compressionFormat"] = "GZIP", ["processingConfiguration"] = new Dictionary<string, object?> { ["enabled"] = true, ["processors"] = processors } }, ["serverSideEncryption"] = new Dictionary<string, object?> { ["enabled"] = true, ["keyType"] = "AWS_OWNED_CMK" } }, P, "audit");
        var streamArn = Arn("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "audit-shipping");
        var logsRole = Add("aws:iam/role:Role", "audit-logs-to-firehose-role", new() { ["namePrefix"] = n.Prefixes.LogsToFirehoseRole, ["assumeRolePolicy"] = AuditPipelineBlueprint.LogsToFirehoseTrust(n).ToJson() }, P, "audit");
        Add("aws:iam/rolePolicy:RolePolicy", "audit-logs-to-firehose-role-policy", new() { ["role"] = logsRole, ["name"] = "put-into-shipping-stream", ["policy"] = AuditPipelineBlueprint.LogsToFirehosePolicy(streamArn).ToJson() }, P, "audit");
        Add("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "audit-shipping-subscription", new() { ["name"] = "audit-ship-all", ["logGroup"] = logGroup, ["filterPattern"] = "", ["destinationArn"] = streamArn, ["roleArn"] = RoleArn(n.Prefixes.LogsToFirehoseRole) }, P, "audit");
        return this;
    }

    /// <summary>The seed's edge, app and data tiers as SegmentedTier wires them.</summary>
    public BlueprintStack Tiers()
    {
        const string T = "zerotrust:network:SegmentedTier";
        foreach (var t in new[] { "edge", "app", "data" })
        {
            Component(T, t);
            var tags = SegmentationBlueprint.GroupTags(t, t == "edge", null).ToDictionary(p => p.Key, p => (object?)p.Value);
            Add("aws:ec2/securityGroup:SecurityGroup", t, new() { ["vpcId"] = "vpc-1", ["description"] = "d", ["revokeRulesOnDelete"] = true, ["tags"] = tags }, T, t);
        }
        Dictionary<string, object?> Rule(string sg, double port, string? refSg = null, string? cidr = null)
        {
            // Tagged with the tier whose group holds the rule.
            var d = new Dictionary<string, object?> { ["securityGroupId"] = sg, ["ipProtocol"] = "tcp", ["fromPort"] = port, ["toPort"] = port, ["description"] = "d", ["tags"] = new Dictionary<string, object?> { ["zerotrust:tier"] = sg[..^"-id".Length] } };
            if (refSg is not null) d["referencedSecurityGroupId"] = refSg;
            if (cidr is not null) d["cidrIpv4"] = cidr;
            return d;
        }
        Add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "edge-in-internet-tcp-443", Rule("edge-id", 443, cidr: "0.0.0.0/0"), T, "edge");
        Add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "app-in-edge-tcp-8080", Rule("app-id", 8080, refSg: "edge-id"), T, "app");
        Add("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "edge-out-app-tcp-8080", Rule("edge-id", 8080, refSg: "app-id"), T, "app");
        Add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "data-in-app-tcp-5432", Rule("data-id", 5432, refSg: "app-id"), T, "data");
        Add("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "app-out-data-tcp-5432", Rule("app-id", 5432, refSg: "data-id"), T, "data");
        Add("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "app-out-payments-tcp-443", Rule("app-id", 443, cidr: "203.0.113.10/32"), T, "app");
        return this;
    }

    /// <summary>A just-in-time role as JitAccessRole wires it.</summary>
    public BlueprintStack Jit(bool saml = false)
    {
        const string J = "zerotrust:identity:JitAccessRole";
        Component(J, "db-breakglass");
        // The component tests' grant: opened ten minutes before their fixed "now", for two hours.
        var g = new JitGrant { Name = "db-breakglass", TrustedPrincipals = ["arn:aws:iam::123456789012:role/oncall"], Actions = ["rds:RebootDBInstance", "rds:DescribeDBInstances"], Resources = ["arn:aws:rds:eu-west-1:123456789012:db:orders"], WindowStart = BlueprintStackFixtures.JitNow.AddMinutes(-10), ExpiresAt = BlueprintStackFixtures.JitNow.AddMinutes(110) };
        if (saml) g = g with { TrustedPrincipals = ["arn:aws:iam::123456789012:saml-provider/corp-idp"], RequireMfa = false, MfaExemptionReason = "MFA enforced by the corporate IdP" };
        JitAccessBlueprint.Validate(g);
        // Auto-named from a readable prefix; the mocks name it prefix + "0a1b2c3d", and the grant policy attaches by that name.
        Add("aws:iam/role:Role", "db-breakglass", new() { ["namePrefix"] = "jit-db-breakglass-", ["description"] = "d", ["assumeRolePolicy"] = JitAccessBlueprint.TrustPolicy(g).ToJson(), ["maxSessionDuration"] = 3600.0, ["tags"] = JitAccessBlueprint.RoleTags(g, null).ToDictionary(p => p.Key, p => (object?)p.Value) }, J, "db-breakglass");
        Add("aws:iam/rolePolicy:RolePolicy", "db-breakglass-grant", new() { ["role"] = "jit-db-breakglass-0a1b2c3d", ["name"] = "jit-grant", ["policy"] = JitAccessBlueprint.PermissionPolicy(g).ToJson() }, J, "db-breakglass");
        return this;
    }

    /// <summary>The seed's GET /secure-endpoint API as OidcProtectedApi wires it.</summary>
    public BlueprintStack Api(bool publicHealth)
    {
        const string A = "zerotrust:api:OidcProtectedApi";
        Component(A, "secure-api");
        Add("aws:apigatewayv2/api:Api", "secure-api", new() { ["name"] = "secure-api", ["protocolType"] = "HTTP", ["description"] = "d" }, A, "secure-api", new() { ["executionArn"] = "arn:aws:execute-api:eu-west-1:123456789012:secure-api-id" });
        Add("aws:apigatewayv2/authorizer:Authorizer", "secure-api-jwt", new() { ["apiId"] = "secure-api-id", ["name"] = "secure-api-jwt", ["authorizerType"] = "JWT", ["identitySources"] = new object[] { ApiBlueprint.IdentitySource }, ["jwtConfiguration"] = new Dictionary<string, object?> { ["issuer"] = "https://your-identity-provider.com/", ["audiences"] = new object[] { "https://api.yourapp.com" } } }, A, "secure-api");
        Add("aws:lambda/permission:Permission", "secure-api-get-secure-endpoint-invoke", new() { ["action"] = "lambda:InvokeFunction", ["function"] = "arn:aws:lambda:eu-west-1:123456789012:function:h", ["principal"] = "apigateway.amazonaws.com", ["sourceArn"] = "arn:aws:execute-api:eu-west-1:123456789012:secure-api-id/*/GET/secure-endpoint" }, A, "secure-api");
        Add("aws:apigatewayv2/integration:Integration", "secure-api-get-secure-endpoint", new() { ["apiId"] = "secure-api-id", ["integrationType"] = "AWS_PROXY", ["integrationMethod"] = "POST", ["integrationUri"] = "arn:aws:lambda:eu-west-1:123456789012:function:h", ["payloadFormatVersion"] = "2.0" }, A, "secure-api");
        Add("aws:apigatewayv2/route:Route", "secure-api-get-secure-endpoint", new() { ["apiId"] = "secure-api-id", ["routeKey"] = "GET /secure-endpoint", ["target"] = "integrations/secure-api-get-secure-endpoint-id", ["authorizationType"] = "JWT", ["authorizerId"] = "secure-api-jwt-id" }, A, "secure-api");
        Add("aws:apigatewayv2/route:Route", "secure-api-post-orders", new() { ["apiId"] = "secure-api-id", ["routeKey"] = "POST /orders", ["target"] = "integrations/x", ["authorizationType"] = "JWT", ["authorizerId"] = "secure-api-jwt-id", ["authorizationScopes"] = new object[] { "orders:write" } }, A, "secure-api");
        if (publicHealth) Add("aws:apigatewayv2/route:Route", "secure-api-get-health", new() { ["apiId"] = "secure-api-id", ["routeKey"] = "GET /health", ["target"] = "integrations/y", ["authorizationType"] = "NONE" }, A, "secure-api");
        Add("aws:apigatewayv2/stage:Stage", "secure-api-stage", new() { ["apiId"] = "secure-api-id", ["name"] = "$default", ["autoDeploy"] = true, ["accessLogSettings"] = new Dictionary<string, object?> { ["destinationArn"] = Arn("aws:cloudwatch/logGroup:LogGroup", "audit-log-group"), ["format"] = ApiBlueprint.AccessLogFormat }, ["defaultRouteSettings"] = new Dictionary<string, object?> { ["throttlingBurstLimit"] = 50.0, ["throttlingRateLimit"] = 100.0, ["detailedMetricsEnabled"] = true } }, A, "secure-api");
        Add("aws:cloudwatch/metricAlarm:MetricAlarm", "secure-api-4xx-spike", new() { ["name"] = "secure-api-4xx-spike", ["namespace"] = "AWS/ApiGateway", ["metricName"] = "4xx", ["dimensions"] = new Dictionary<string, object?> { ["ApiId"] = "secure-api-id", ["Stage"] = "$default" }, ["statistic"] = "Sum", ["period"] = 300.0, ["evaluationPeriods"] = 1.0, ["threshold"] = 50.0, ["comparisonOperator"] = "GreaterThanThreshold", ["alarmActions"] = new object[] { Arn("aws:sns/topic:Topic", "audit-alarms") } }, A, "secure-api");
        return this;
    }

    /// <summary>A default-deny namespace as DenyAllNamespace wires it.</summary>
    public BlueprintStack Namespace()
    {
        const string N = "zerotrust:kubernetes:DenyAllNamespace";
        Component(N, "payments");
        var labels = NamespaceBlueprint.NamespaceLabels(new Dictionary<string, string> { ["team"] = "payments" }, PodSecurityLevel.Restricted).ToDictionary(p => p.Key, p => (object?)p.Value);
        Add("kubernetes:core/v1:Namespace", "payments", new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new Dictionary<string, object?> { ["name"] = "payments", ["labels"] = labels } }, N, "payments");
        object Sel(IReadOnlyDictionary<string, string>? l) => new Dictionary<string, object?> { ["matchLabels"] = (l ?? new Dictionary<string, string>()).ToDictionary(p => p.Key, p => (object?)p.Value) };
        object Peer(NetworkPeer p)
        {
            var d = new Dictionary<string, object?>();
            if (p.NamespaceLabels is { Count: > 0 }) d["namespaceSelector"] = Sel(p.NamespaceLabels);
            if (p.PodLabels is { Count: > 0 }) d["podSelector"] = Sel(p.PodLabels);
            if (p.Cidr is not null) d["ipBlock"] = new Dictionary<string, object?> { ["cidr"] = p.Cidr };
            return d;
        }
        object Port(NetworkPort p) => new Dictionary<string, object?> { ["port"] = (double)p.Port, ["protocol"] = p.Protocol };
        void Pol(NetworkPolicyModel m) => Add("kubernetes:networking.k8s.io/v1:NetworkPolicy", $"payments-{m.Name}", new()
        {
            ["apiVersion"] = "networking.k8s.io/v1", ["kind"] = "NetworkPolicy",
            ["metadata"] = new Dictionary<string, object?> { ["name"] = m.Name, ["namespace"] = "payments" },
            ["spec"] = new Dictionary<string, object?>
            {
                ["podSelector"] = Sel(m.PodSelector), ["policyTypes"] = m.PolicyTypes.Cast<object>().ToArray(),
                ["ingress"] = m.Ingress.Select(r => (object)new Dictionary<string, object?> { ["from"] = r.Peers.Select(Peer).ToArray(), ["ports"] = r.Ports.Select(Port).ToArray() }).ToArray(),
                ["egress"] = m.Egress.Select(r => (object)new Dictionary<string, object?> { ["to"] = r.Peers.Select(Peer).ToArray(), ["ports"] = r.Ports.Select(Port).ToArray() }).ToArray(),
            },
        }, N, "payments");
        Pol(NamespaceBlueprint.DefaultDeny());
        Pol(NamespaceBlueprint.DnsEgress());
        Pol(NamespaceBlueprint.IngressAllow(new NamespaceAllow("from-frontend", [NetworkPeer.InNamespace("web", new Dictionary<string, string> { ["app"] = "frontend" })], [new NetworkPort(8080)]) { PodSelector = new Dictionary<string, string> { ["app"] = "api" } }));
        Pol(NamespaceBlueprint.EgressAllow(new NamespaceAllow("to-psp", [NetworkPeer.Block("203.0.113.0/24")], [new NetworkPort(443)])));
        Add("kubernetes:core/v1:ServiceAccount", "payments-workload", new() { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new Dictionary<string, object?> { ["name"] = "workload", ["namespace"] = "payments" }, ["automountServiceAccountToken"] = false }, N, "payments");
        return this;
    }
}
