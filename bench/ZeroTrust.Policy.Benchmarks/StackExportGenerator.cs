using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ZeroTrust.Policy.Benchmarks;

/// <summary>
/// Writes synthetic <c>pulumi stack export</c> files (<c>{version: 3, deployment: {manifest, resources}}</c>) with a
/// realistic mix of AWS network, IAM, logging and Kubernetes resources and a few violations, so the engine can be
/// measured on stacks of any size. Deterministic: the same count and seed give the same bytes.
/// </summary>
/// <remarks>
/// Each VPC carries a default security group, usually a flow log, an edge security group admitting the internet on
/// 443, and up to <see cref="AppsPerVpc"/> application tiers. A tier is a KMS key, a log group, a security group
/// with an ingress rule (from the previous tier's group) and an egress rule, an IAM role with a trust policy, an
/// inline role policy, a managed-policy attachment, and a Kubernetes namespace with a default-deny and an allow
/// NetworkPolicy. About one resource in thirty carries a deliberate violation.
/// </remarks>
public static class StackExportGenerator
{
    /// <summary>Application tiers per VPC before the generator opens a new VPC.</summary>
    public const int AppsPerVpc = 12;

    /// <summary>The seed the benchmark uses.</summary>
    public const int DefaultSeed = 20260101;

    private const string Stack = "bench";
    private const string Project = "zero-trust";
    private const string Account = "123456789012";
    private const string Region = "eu-west-1";
    private const string StackUrn = "urn:pulumi:bench::zero-trust::pulumi:pulumi:Stack::zero-trust-bench";
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, IndentSize = 4 }; // as `pulumi stack export` prints it

    /// <summary>The file name used for a stack of <paramref name="count"/> resources.</summary>
    public static string FileName(int count, int seed = DefaultSeed) =>
        seed == DefaultSeed ? $"stack-export-{count}.json" : $"stack-export-{count}-{seed}.json";

    /// <summary>
    /// Writes the file for <paramref name="count"/> resources into <paramref name="directory"/> unless it is already
    /// there, and returns its path. The file is written under a temporary name and renamed, so a crash never leaves a
    /// half-written stack behind.
    /// </summary>
    public static string EnsureFile(string directory, int count, int seed = DefaultSeed)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName(count, seed));
        if (File.Exists(path)) return path;
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            Write(stream, count, seed);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>The export as a string (tests and small stacks).</summary>
    public static string ToJson(int count, int seed = DefaultSeed)
    {
        using var stream = new MemoryStream();
        Write(stream, count, seed);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes an export of exactly <paramref name="count"/> resources (at least 1) to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, int count, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var writer = new Utf8JsonWriter(stream, WriterOptions);
        new Builder(writer, count, seed).Run();
        writer.Flush();
    }

    private sealed class Builder
    {
        private readonly Utf8JsonWriter _w;
        private readonly int _count;
        private readonly Random _random;
        private int _written;
        private string _awsProvider = "";
        private string _k8sProvider = "";

        public Builder(Utf8JsonWriter writer, int count, int seed)
        {
            _w = writer;
            _count = count;
            _random = new Random(seed);
        }

        private bool Full => _written >= _count;

        public void Run()
        {
            _w.WriteStartObject();
            _w.WriteNumber("version", 3);
            _w.WriteStartObject("deployment");
            _w.WriteStartObject("manifest");
            _w.WriteString("time", Epoch.ToString("O", CultureInfo.InvariantCulture));
            _w.WriteString("magic", Hex(64));
            _w.WriteString("version", "v3.205.0");
            _w.WriteEndObject();
            _w.WriteStartObject("secrets_providers");
            _w.WriteString("type", "passphrase");
            _w.WriteStartObject("state");
            _w.WriteString("salt", "v1:" + Hex(16) + ":v1:" + Hex(32));
            _w.WriteEndObject();
            _w.WriteEndObject();
            _w.WriteStartArray("resources");

            Resource(StackUrn, "pulumi:pulumi:Stack", custom: false, id: null, parent: null, provider: null, dependencies: [], propertyDependencies: [], inputs: null, outputs: null);
            _awsProvider = ProviderResource("pulumi:providers:aws", "default_7_12_0", w =>
            {
                w.WriteString("region", Region);
                w.WriteString("skipCredentialsValidation", "false");
                w.WriteString("version", "7.12.0");
            });
            _k8sProvider = ProviderResource("pulumi:providers:kubernetes", "default_4_32_0", w =>
            {
                w.WriteString("kubeconfig", "");
                w.WriteString("version", "4.32.0");
            });

            for (var vpcIndex = 0; !Full; vpcIndex++) Vpc(vpcIndex);

            _w.WriteEndArray();
            _w.WriteStartObject("metadata");
            _w.WriteEndObject();
            _w.WriteEndObject();
            _w.WriteEndObject();
        }

        private string ProviderResource(string type, string name, Action<Utf8JsonWriter> inputs)
        {
            if (Full) return "";
            var urn = Urn(type, name, null);
            var id = Guid(0);
            Resource(urn, type, custom: true, id: id, parent: null, provider: null, dependencies: [], propertyDependencies: [],
                inputs: w => { inputs(w); w.WriteStartObject("__internal"); w.WriteEndObject(); }, outputs: inputs);
            return urn + "::" + id;
        }

        private void Vpc(int v)
        {
            var vpcName = $"vpc-{v}";
            var vpcUrn = Urn("aws:ec2/vpc:Vpc", vpcName, null);
            var vpcId = "vpc-" + Hex(17);
            var cidr = $"10.{v % 256}.0.0/16";
            var defaultSgId = "sg-" + Hex(17);
            if (Full) return;
            Aws(vpcUrn, "aws:ec2/vpc:Vpc", vpcId, null, [], [],
                inputs: w =>
                {
                    Defaults(w, "enableDnsSupport", "instanceTenancy");
                    w.WriteString("cidrBlock", cidr);
                    w.WriteBoolean("enableDnsHostnames", true);
                    w.WriteBoolean("enableDnsSupport", true);
                    w.WriteString("instanceTenancy", "default");
                    Tags(w, vpcName, null);
                },
                outputs: w =>
                {
                    w.WriteString("arn", $"arn:aws:ec2:{Region}:{Account}:vpc/{vpcId}");
                    w.WriteBoolean("assignGeneratedIpv6CidrBlock", false);
                    w.WriteString("cidrBlock", cidr);
                    w.WriteString("defaultNetworkAclId", "acl-" + Hex(17));
                    w.WriteString("defaultRouteTableId", "rtb-" + Hex(17));
                    w.WriteString("defaultSecurityGroupId", defaultSgId);
                    w.WriteString("dhcpOptionsId", "dopt-" + Hex(17));
                    w.WriteBoolean("enableDnsHostnames", true);
                    w.WriteBoolean("enableDnsSupport", true);
                    w.WriteBoolean("enableNetworkAddressUsageMetrics", false);
                    w.WriteString("id", vpcId);
                    w.WriteString("instanceTenancy", "default");
                    w.WriteString("ipv6AssociationId", "");
                    w.WriteString("ipv6CidrBlock", "");
                    w.WriteString("mainRouteTableId", "rtb-" + Hex(17));
                    w.WriteString("ownerId", Account);
                    Tags(w, vpcName, null);
                    TagsAll(w, vpcName, null);
                });

            // The default group allows nothing (sometimes it still has its permissive default: ZT-NET-006).
            if (Full) return;
            var openDefault = Chance(0.05);
            Aws(Urn("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", vpcName + "-default", null), "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", defaultSgId,
                null, [vpcUrn], [("vpcId", [vpcUrn])],
                inputs: w =>
                {
                    Defaults(w, "revokeRulesOnDelete");
                    w.WriteStartArray("egress");
                    if (openDefault) SgBlock(w, 0, 0, "-1", "0.0.0.0/0");
                    w.WriteEndArray();
                    w.WriteStartArray("ingress");
                    if (openDefault) SgBlock(w, 0, 0, "-1", null, self: true);
                    w.WriteEndArray();
                    w.WriteBoolean("revokeRulesOnDelete", false);
                    w.WriteString("vpcId", vpcId);
                },
                outputs: w =>
                {
                    w.WriteString("arn", $"arn:aws:ec2:{Region}:{Account}:security-group/{defaultSgId}");
                    w.WriteString("id", defaultSgId);
                    w.WriteString("name", "default");
                    w.WriteString("ownerId", Account);
                    w.WriteString("vpcId", vpcId);
                });

            // Flow logs to a log group, missing on some VPCs (ZT-NET-005).
            var logGroupArn = $"arn:aws:logs:{Region}:{Account}:log-group:/vpc/{vpcName}/flow-logs";
            if (!Chance(0.08) && !Full)
            {
                var flowLogId = "fl-" + Hex(17);
                Aws(Urn("aws:ec2/flowLog:FlowLog", vpcName + "-flow-logs", null), "aws:ec2/flowLog:FlowLog", flowLogId, null, [vpcUrn], [("vpcId", [vpcUrn])],
                    inputs: w =>
                    {
                        Defaults(w, "logDestinationType");
                        w.WriteString("iamRoleArn", $"arn:aws:iam::{Account}:role/{vpcName}-flow-logs");
                        w.WriteString("logDestination", logGroupArn);
                        w.WriteString("logDestinationType", "cloud-watch-logs");
                        w.WriteNumber("maxAggregationInterval", 60);
                        w.WriteString("trafficType", "ALL");
                        w.WriteString("vpcId", vpcId);
                    },
                    outputs: w =>
                    {
                        w.WriteString("arn", $"arn:aws:ec2:{Region}:{Account}:vpc-flow-log/{flowLogId}");
                        w.WriteString("id", flowLogId);
                        w.WriteString("logDestination", logGroupArn);
                        w.WriteString("trafficType", "ALL");
                        w.WriteString("vpcId", vpcId);
                    });
            }

            // The public edge: admits the internet on 443 only, tagged as such.
            if (Full) return;
            var (edgeUrn, edgeId) = SecurityGroup(vpcName + "-edge", vpcUrn, vpcId, edge: true);
            if (Full) return;
            IngressRule(vpcName + "-edge-https", edgeUrn, edgeId, source: null, sourceUrn: null, cidr: "0.0.0.0/0", port: 443);

            var previous = (Urn: edgeUrn, Id: edgeId);
            for (var a = 0; a < AppsPerVpc && !Full; a++) previous = App(vpcName, a, vpcUrn, vpcId, previous);
            Audit(vpcName);
        }

        /// <summary>
        /// The VPC's account trail with CIS monitoring, as teams write it: a trail into a log group, a topic with a
        /// subscription, and one metric filter and alarm per CIS control (the catalogue's patterns; metric names and
        /// namespaces vary). Now and then a control's filter is narrowed so it misses events, or its alarm can never
        /// fire (ZT-LOG-003). About 16 filters per trail, as in large real estates.
        /// </summary>
        private void Audit(string vpcName)
        {
            if (Full) return;
            var trailName = vpcName + "-trail";
            var logName = $"/aws/cloudtrail/{vpcName}";
            var logArn = $"arn:aws:logs:{Region}:{Account}:log-group:{logName}";
            var logUrn = Urn("aws:cloudwatch/logGroup:LogGroup", trailName + "-logs", null);
            Aws(logUrn, "aws:cloudwatch/logGroup:LogGroup", logName, null, [], [],
                inputs: w =>
                {
                    w.WriteString("kmsKeyId", $"arn:aws:kms:{Region}:{Account}:key/{Guid(2)}");
                    w.WriteString("name", logName);
                    w.WriteNumber("retentionInDays", 400);
                    Tags(w, trailName, null);
                },
                outputs: w =>
                {
                    w.WriteString("arn", logArn);
                    w.WriteString("id", logName);
                    w.WriteString("name", logName);
                    w.WriteNumber("retentionInDays", 400);
                });

            if (Full) return;
            var topicArn = $"arn:aws:sns:{Region}:{Account}:{trailName}-alarms";
            var topicUrn = Urn("aws:sns/topic:Topic", trailName + "-alarms", null);
            Aws(topicUrn, "aws:sns/topic:Topic", topicArn, null, [], [],
                inputs: w => { w.WriteString("kmsMasterKeyId", "alias/aws/sns"); w.WriteString("name", trailName + "-alarms"); },
                outputs: w => { w.WriteString("arn", topicArn); w.WriteString("id", topicArn); w.WriteString("name", trailName + "-alarms"); });
            if (Full) return;
            Aws(Urn("aws:sns/topicSubscription:TopicSubscription", trailName + "-oncall", null), "aws:sns/topicSubscription:TopicSubscription",
                topicArn + ":" + Guid(3), null, [topicUrn], [("topic", [topicUrn])],
                inputs: w => { w.WriteString("endpoint", "security@example.com"); w.WriteString("protocol", "email"); w.WriteString("topic", topicArn); },
                outputs: w => { w.WriteString("arn", topicArn + ":" + Hex(8)); w.WriteString("topic", topicArn); });

            if (Full) return;
            var trailArn = $"arn:aws:cloudtrail:{Region}:{Account}:trail/{trailName}";
            Aws(Urn("aws:cloudtrail/trail:Trail", trailName, null), "aws:cloudtrail/trail:Trail", trailArn, null, [logUrn],
                [("cloudWatchLogsGroupArn", [logUrn])],
                inputs: w =>
                {
                    w.WriteString("cloudWatchLogsGroupArn", logArn + ":*");
                    w.WriteString("cloudWatchLogsRoleArn", $"arn:aws:iam::{Account}:role/{trailName}-to-logs");
                    w.WriteBoolean("enableLogFileValidation", true);
                    w.WriteBoolean("enableLogging", true);
                    w.WriteBoolean("includeGlobalServiceEvents", true);
                    w.WriteBoolean("isMultiRegionTrail", true);
                    w.WriteString("kmsKeyId", $"arn:aws:kms:{Region}:{Account}:key/{Guid(4)}");
                    w.WriteString("name", trailName);
                    w.WriteString("s3BucketName", "org-audit-archive");
                },
                outputs: w => { w.WriteString("arn", trailArn); w.WriteString("id", trailName); w.WriteString("name", trailName); });

            var metricNamespace = Chance(0.5) ? "CISBenchmark" : "LogMetrics";
            foreach (var control in Monitoring.CisMonitoringCatalogue.Controls)
            {
                if (Full) return;
                var metric = metricNamespace == "LogMetrics" ? control.Key : control.MetricName;
                var pattern = Chance(0.01) ? "{ $.errorCode = \"AccessDenied*\" }" : control.FilterPattern;
                var filterUrn = Urn("aws:cloudwatch/logMetricFilter:LogMetricFilter", $"{trailName}-{control.Key}", null);
                Aws(filterUrn, "aws:cloudwatch/logMetricFilter:LogMetricFilter", $"{trailName}-{control.Key}", null, [logUrn], [("logGroupName", [logUrn])],
                    inputs: w =>
                    {
                        w.WriteString("logGroupName", logName);
                        MetricTransformation(w, metric, metricNamespace);
                        w.WriteString("name", $"{trailName}-{control.Key}");
                        w.WriteString("pattern", pattern);
                    },
                    outputs: w =>
                    {
                        w.WriteString("id", $"{trailName}-{control.Key}");
                        w.WriteString("logGroupName", logName);
                        MetricTransformation(w, metric, metricNamespace);
                        w.WriteString("name", $"{trailName}-{control.Key}");
                        w.WriteString("pattern", pattern);
                    });
                if (Full) return;
                var neverFires = Chance(0.01);
                var alarmName = $"{trailName}-{control.Key}";
                Aws(Urn("aws:cloudwatch/metricAlarm:MetricAlarm", alarmName, null), "aws:cloudwatch/metricAlarm:MetricAlarm", alarmName, null,
                    [filterUrn, topicUrn], [("alarmActions", [topicUrn])],
                    inputs: w => Alarm(w, alarmName, metric, metricNamespace, topicArn, neverFires),
                    outputs: w => { Alarm(w, alarmName, metric, metricNamespace, topicArn, neverFires); w.WriteString("arn", $"arn:aws:cloudwatch:{Region}:{Account}:alarm:{alarmName}"); });
            }
        }

        private static void MetricTransformation(Utf8JsonWriter w, string metric, string metricNamespace)
        {
            w.WriteStartObject("metricTransformation");
            w.WriteString("name", metric);
            w.WriteString("namespace", metricNamespace);
            w.WriteString("value", "1");
            w.WriteEndObject();
        }

        private static void Alarm(Utf8JsonWriter w, string name, string metric, string metricNamespace, string topicArn, bool neverFires)
        {
            w.WriteBoolean("actionsEnabled", true);
            w.WriteStartArray("alarmActions");
            w.WriteStringValue(topicArn);
            w.WriteEndArray();
            w.WriteString("alarmName", name);
            w.WriteString("comparisonOperator", neverFires ? "LessThanThreshold" : "GreaterThanOrEqualToThreshold");
            w.WriteNumber("evaluationPeriods", 1);
            w.WriteString("metricName", metric);
            w.WriteString("namespace", metricNamespace);
            w.WriteNumber("period", 300);
            w.WriteString("statistic", "Sum");
            w.WriteNumber("threshold", 1);
            w.WriteString("treatMissingData", "notBreaching");
        }

        private (string Urn, string Id) App(string vpcName, int a, string vpcUrn, string vpcId, (string Urn, string Id) upstream)
        {
            var app = $"{vpcName}-app-{a}";

            // KMS key, with rotation except now and then (ZT-LOG-005).
            var keyId = Guid(1);
            var keyArn = $"arn:aws:kms:{Region}:{Account}:key/{keyId}";
            var keyUrn = Urn("aws:kms/key:Key", app + "-key", null);
            var rotate = !Chance(0.05);
            if (Full) return upstream;
            Aws(keyUrn, "aws:kms/key:Key", keyId, null, [], [],
                inputs: w =>
                {
                    Defaults(w, "bypassPolicyLockoutSafetyCheck", "customerMasterKeySpec", "isEnabled", "keyUsage");
                    w.WriteBoolean("bypassPolicyLockoutSafetyCheck", false);
                    w.WriteString("customerMasterKeySpec", "SYMMETRIC_DEFAULT");
                    w.WriteNumber("deletionWindowInDays", 30);
                    w.WriteString("description", $"Encrypts the logs of {app}");
                    w.WriteBoolean("enableKeyRotation", rotate);
                    w.WriteBoolean("isEnabled", true);
                    w.WriteString("keyUsage", "ENCRYPT_DECRYPT");
                    w.WriteString("policy", KeyPolicy());
                    Tags(w, app, null);
                },
                outputs: w =>
                {
                    w.WriteString("arn", keyArn);
                    w.WriteString("customerMasterKeySpec", "SYMMETRIC_DEFAULT");
                    w.WriteNumber("deletionWindowInDays", 30);
                    w.WriteString("description", $"Encrypts the logs of {app}");
                    w.WriteBoolean("enableKeyRotation", rotate);
                    w.WriteString("id", keyId);
                    w.WriteBoolean("isEnabled", true);
                    w.WriteString("keyId", keyId);
                    w.WriteString("keyUsage", "ENCRYPT_DECRYPT");
                    w.WriteBoolean("multiRegion", false);
                    w.WriteString("policy", KeyPolicy());
                    w.WriteNumber("rotationPeriodInDays", rotate ? 365 : 0);
                    Tags(w, app, null);
                    TagsAll(w, app, null);
                });

            // Log group encrypted with the key; short retention or no key now and then (ZT-LOG-002).
            if (Full) return upstream;
            var logName = $"/app/{app}";
            var retention = Chance(0.04) ? 7 : 400;
            var encrypted = !Chance(0.03);
            Aws(Urn("aws:cloudwatch/logGroup:LogGroup", app + "-logs", null), "aws:cloudwatch/logGroup:LogGroup", logName, null,
                encrypted ? [keyUrn] : [], encrypted ? [("kmsKeyId", [keyUrn])] : [],
                inputs: w =>
                {
                    Defaults(w, "logGroupClass", "skipDestroy");
                    if (encrypted) w.WriteString("kmsKeyId", keyArn);
                    w.WriteString("logGroupClass", "STANDARD");
                    w.WriteString("name", logName);
                    w.WriteNumber("retentionInDays", retention);
                    w.WriteBoolean("skipDestroy", false);
                    Tags(w, app, null);
                },
                outputs: w =>
                {
                    w.WriteString("arn", $"arn:aws:logs:{Region}:{Account}:log-group:{logName}");
                    w.WriteString("id", logName);
                    w.WriteString("kmsKeyId", encrypted ? keyArn : "");
                    w.WriteString("logGroupClass", "STANDARD");
                    w.WriteString("name", logName);
                    w.WriteString("namePrefix", "");
                    w.WriteNumber("retentionInDays", retention);
                    w.WriteBoolean("skipDestroy", false);
                    Tags(w, app, null);
                    TagsAll(w, app, null);
                });

            // The tier's security group, reached from the upstream tier's group; now and then by CIDR (ZT-NET-002),
            // from the whole internet on SSH (ZT-NET-001) or on all protocols (ZT-NET-004).
            if (Full) return upstream;
            var (sgUrn, sgId) = SecurityGroup(app, vpcUrn, vpcId, edge: false);
            if (Full) return (sgUrn, sgId);
            var roll = _random.NextDouble();
            if (roll < 0.03) IngressRule(app + "-ssh", sgUrn, sgId, null, null, "0.0.0.0/0", port: 22);
            else if (roll < 0.05) IngressRule(app + "-all", sgUrn, sgId, null, null, "0.0.0.0/0", port: -1);
            else if (roll < 0.09) IngressRule(app + "-from-upstream", sgUrn, sgId, null, null, $"10.{a}.0.0/24", port: 8080);
            else IngressRule(app + "-from-upstream", sgUrn, sgId, upstream.Id, upstream.Urn, null, port: 8080);
            if (Full) return (sgUrn, sgId);
            EgressRule(app + "-egress", sgUrn, sgId, upstream, worldAllProtocols: Chance(0.04));

            // IAM: a role with a trust policy, an inline policy and a managed-policy attachment.
            if (Full) return (sgUrn, sgId);
            var roleName = app + "-" + Hex(7);
            var roleArn = $"arn:aws:iam::{Account}:role/{roleName}";
            var roleUrn = Urn("aws:iam/role:Role", app + "-role", null);
            var trust = TrustPolicy();
            var maxSession = Chance(0.1) ? 43200 : 3600;
            Aws(roleUrn, "aws:iam/role:Role", roleName, null, [], [("assumeRolePolicy", [])],
                inputs: w =>
                {
                    Defaults(w, "forceDetachPolicies", "name", "path");
                    w.WriteString("assumeRolePolicy", trust);
                    w.WriteBoolean("forceDetachPolicies", false);
                    w.WriteNumber("maxSessionDuration", maxSession);
                    w.WriteString("name", roleName);
                    w.WriteString("path", "/");
                    Tags(w, app, null);
                },
                outputs: w =>
                {
                    w.WriteString("arn", roleArn);
                    w.WriteString("assumeRolePolicy", trust);
                    w.WriteString("createDate", Epoch.AddSeconds(_written).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    w.WriteString("description", "");
                    w.WriteBoolean("forceDetachPolicies", false);
                    w.WriteString("id", roleName);
                    w.WriteStartArray("inlinePolicies");
                    w.WriteEndArray();
                    w.WriteStartArray("managedPolicyArns");
                    w.WriteEndArray();
                    w.WriteNumber("maxSessionDuration", maxSession);
                    w.WriteString("name", roleName);
                    w.WriteString("namePrefix", "");
                    w.WriteString("path", "/");
                    w.WriteString("permissionsBoundary", "");
                    Tags(w, app, null);
                    TagsAll(w, app, null);
                    w.WriteString("uniqueId", "AROA" + Hex(17).ToUpperInvariant());
                });

            if (Full) return (sgUrn, sgId);
            var policy = PermissionPolicy(app, keyArn);
            var policyId = roleName + ":" + app + "-access";
            Aws(Urn("aws:iam/rolePolicy:RolePolicy", app + "-access", null), "aws:iam/rolePolicy:RolePolicy", policyId, null, [roleUrn],
                [("role", [roleUrn]), ("policy", [keyUrn])],
                inputs: w =>
                {
                    Defaults(w, "name");
                    w.WriteString("name", app + "-access");
                    w.WriteString("policy", policy);
                    w.WriteString("role", roleName);
                },
                outputs: w =>
                {
                    w.WriteString("id", policyId);
                    w.WriteString("name", app + "-access");
                    w.WriteString("namePrefix", "");
                    w.WriteString("policy", policy);
                    w.WriteString("role", roleName);
                });

            if (Full) return (sgUrn, sgId);
            var managed = ManagedPolicy();
            var attachmentId = roleName + "-" + Hex(20);
            Aws(Urn("aws:iam/rolePolicyAttachment:RolePolicyAttachment", app + "-managed", null), "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                attachmentId, null, [roleUrn], [("policyArn", []), ("role", [roleUrn])],
                inputs: w =>
                {
                    Defaults(w);
                    w.WriteString("policyArn", managed);
                    w.WriteString("role", roleName);
                },
                outputs: w =>
                {
                    w.WriteString("id", attachmentId);
                    w.WriteString("policyArn", managed);
                    w.WriteString("role", roleName);
                });

            // Kubernetes: a namespace enforcing Pod Security "restricted" (now and then not: ZT-K8S-003), a
            // default-deny NetworkPolicy (now and then missing: ZT-K8S-001) and an allow policy (now and then
            // admitting every source: ZT-K8S-002).
            if (Full) return (sgUrn, sgId);
            var ns = app;
            var nsUrn = Urn("kubernetes:core/v1:Namespace", ns, null);
            var restricted = !Chance(0.05);
            K8s(nsUrn, "kubernetes:core/v1:Namespace", ns, [], [],
                inputs: w =>
                {
                    w.WriteString("apiVersion", "v1");
                    w.WriteString("kind", "Namespace");
                    w.WriteStartObject("metadata");
                    w.WriteStartObject("labels");
                    w.WriteString("app.kubernetes.io/managed-by", "pulumi");
                    w.WriteString("pod-security.kubernetes.io/enforce", restricted ? "restricted" : "baseline");
                    w.WriteString("pod-security.kubernetes.io/enforce-version", "latest");
                    w.WriteEndObject();
                    w.WriteString("name", ns);
                    w.WriteEndObject();
                },
                outputs: w =>
                {
                    w.WriteString("apiVersion", "v1");
                    w.WriteString("kind", "Namespace");
                    K8sMetadata(w, ns, null, w2 =>
                    {
                        w2.WriteString("app.kubernetes.io/managed-by", "pulumi");
                        w2.WriteString("kubernetes.io/metadata.name", ns);
                        w2.WriteString("pod-security.kubernetes.io/enforce", restricted ? "restricted" : "baseline");
                        w2.WriteString("pod-security.kubernetes.io/enforce-version", "latest");
                    });
                    w.WriteStartObject("spec");
                    w.WriteStartArray("finalizers");
                    w.WriteStringValue("kubernetes");
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteStartObject("status");
                    w.WriteString("phase", "Active");
                    w.WriteEndObject();
                });

            if (!Chance(0.05) && !Full)
                NetworkPolicy(ns, nsUrn, "default-deny", w =>
                {
                    w.WriteStartObject("podSelector");
                    w.WriteEndObject();
                    PolicyTypes(w);
                });

            if (Full) return (sgUrn, sgId);
            var admitsAll = Chance(0.03);
            NetworkPolicy(ns, nsUrn, "allow-upstream", w =>
            {
                w.WriteStartArray("egress");
                w.WriteStartObject();
                w.WriteStartArray("ports");
                w.WriteStartObject();
                w.WriteNumber("port", 53);
                w.WriteString("protocol", "UDP");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartArray("to");
                w.WriteStartObject();
                w.WriteStartObject("namespaceSelector");
                w.WriteStartObject("matchLabels");
                w.WriteString("kubernetes.io/metadata.name", "kube-system");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartObject("podSelector");
                w.WriteStartObject("matchLabels");
                w.WriteString("k8s-app", "kube-dns");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartArray("ingress");
                w.WriteStartObject();
                w.WriteStartArray("from");
                w.WriteStartObject();
                if (admitsAll)
                {
                    w.WriteStartObject("ipBlock");
                    w.WriteString("cidr", "0.0.0.0/0");
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteStartObject("namespaceSelector");
                    w.WriteStartObject("matchLabels");
                    w.WriteString("kubernetes.io/metadata.name", $"{vpcName}-app-{Math.Max(0, a - 1)}");
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartArray("ports");
                w.WriteStartObject();
                w.WriteNumber("port", 8080);
                w.WriteString("protocol", "TCP");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartObject("podSelector");
                w.WriteStartObject("matchLabels");
                w.WriteString("app", app);
                w.WriteEndObject();
                w.WriteEndObject();
                PolicyTypes(w);
            });
            return (sgUrn, sgId);
        }

        private (string Urn, string Id) SecurityGroup(string name, string vpcUrn, string vpcId, bool edge)
        {
            var urn = Urn("aws:ec2/securityGroup:SecurityGroup", name, null);
            var id = "sg-" + Hex(17);
            var groupName = name + "-" + Hex(7);
            var description = edge ? "Public edge: HTTPS from the internet" : $"Tier {name}";
            Aws(urn, "aws:ec2/securityGroup:SecurityGroup", id, null, [vpcUrn], [("vpcId", [vpcUrn])],
                inputs: w =>
                {
                    Defaults(w, "name");
                    w.WriteString("description", description);
                    w.WriteString("name", groupName);
                    w.WriteBoolean("revokeRulesOnDelete", true);
                    Tags(w, name, edge ? "zerotrust:public-edge" : null);
                    w.WriteString("vpcId", vpcId);
                },
                outputs: w =>
                {
                    w.WriteString("arn", $"arn:aws:ec2:{Region}:{Account}:security-group/{id}");
                    w.WriteString("description", description);
                    w.WriteStartArray("egress");
                    w.WriteEndArray();
                    w.WriteString("id", id);
                    w.WriteStartArray("ingress");
                    w.WriteEndArray();
                    w.WriteString("name", groupName);
                    w.WriteString("namePrefix", "");
                    w.WriteString("ownerId", Account);
                    w.WriteBoolean("revokeRulesOnDelete", true);
                    Tags(w, name, edge ? "zerotrust:public-edge" : null);
                    TagsAll(w, name, edge ? "zerotrust:public-edge" : null);
                    w.WriteString("vpcId", vpcId);
                });
            return (urn, id);
        }

        private void IngressRule(string name, string groupUrn, string groupId, string? source, string? sourceUrn, string? cidr, int port)
        {
            var id = "sgr-" + Hex(17);
            var protocol = port < 0 ? "-1" : "tcp";
            var dependencies = sourceUrn is null ? new[] { groupUrn } : [groupUrn, sourceUrn];
            var propertyDependencies = sourceUrn is null
                ? new (string, string[])[] { ("securityGroupId", [groupUrn]) }
                : [("securityGroupId", [groupUrn]), ("referencedSecurityGroupId", [sourceUrn])];
            void Body(Utf8JsonWriter w, bool outputs)
            {
                if (outputs) w.WriteString("arn", $"arn:aws:ec2:{Region}:{Account}:security-group-rule/{id}");
                if (cidr is not null) w.WriteString("cidrIpv4", cidr);
                w.WriteString("description", sourceUrn is null ? $"from {cidr}" : "from the upstream tier");
                if (port >= 0) w.WriteNumber("fromPort", port);
                if (outputs) w.WriteString("id", id);
                w.WriteString("ipProtocol", protocol);
                if (source is not null) w.WriteString("referencedSecurityGroupId", source);
                w.WriteString("securityGroupId", groupId);
                if (outputs) w.WriteString("securityGroupRuleId", id);
                if (port >= 0) w.WriteNumber("toPort", port);
            }
            Aws(Urn("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, null), "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                id, null, dependencies, propertyDependencies, inputs: w => Body(w, false), outputs: w => Body(w, true));
        }

        // Egress to the upstream tier's group on 443; now and then to the whole internet on every protocol (ZT-NET-003).
        private void EgressRule(string name, string groupUrn, string groupId, (string Urn, string Id) target, bool worldAllProtocols)
        {
            var id = "sgr-" + Hex(17);
            void Body(Utf8JsonWriter w, bool outputs)
            {
                if (outputs) w.WriteString("arn", $"arn:aws:ec2:{Region}:{Account}:security-group-rule/{id}");
                if (worldAllProtocols) w.WriteString("cidrIpv4", "0.0.0.0/0");
                w.WriteString("description", worldAllProtocols ? "anywhere" : "to the upstream tier on 443");
                if (!worldAllProtocols) w.WriteNumber("fromPort", 443);
                if (outputs) w.WriteString("id", id);
                w.WriteString("ipProtocol", worldAllProtocols ? "-1" : "tcp");
                if (!worldAllProtocols) w.WriteString("referencedSecurityGroupId", target.Id);
                w.WriteString("securityGroupId", groupId);
                if (outputs) w.WriteString("securityGroupRuleId", id);
                if (!worldAllProtocols) w.WriteNumber("toPort", 443);
            }
            Aws(Urn("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", name, null), "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
                id, null, worldAllProtocols ? [groupUrn] : [groupUrn, target.Urn],
                worldAllProtocols ? [("securityGroupId", [groupUrn])] : [("securityGroupId", [groupUrn]), ("referencedSecurityGroupId", [target.Urn])],
                inputs: w => Body(w, false), outputs: w => Body(w, true));
        }

        private void NetworkPolicy(string ns, string nsUrn, string name, Action<Utf8JsonWriter> spec)
        {
            var urn = Urn("kubernetes:networking.k8s.io/v1:NetworkPolicy", ns + "-" + name, null);
            void Body(Utf8JsonWriter w, bool outputs)
            {
                w.WriteString("apiVersion", "networking.k8s.io/v1");
                w.WriteString("kind", "NetworkPolicy");
                if (outputs)
                {
                    K8sMetadata(w, name, ns, null);
                }
                else
                {
                    w.WriteStartObject("metadata");
                    w.WriteString("name", name);
                    w.WriteString("namespace", ns);
                    w.WriteEndObject();
                }
                w.WriteStartObject("spec");
                spec(w);
                w.WriteEndObject();
            }
            K8s(urn, "kubernetes:networking.k8s.io/v1:NetworkPolicy", ns + "/" + name, [nsUrn], [("metadata", [nsUrn])],
                inputs: w => Body(w, false), outputs: w => Body(w, true));
        }

        private static void PolicyTypes(Utf8JsonWriter w)
        {
            w.WriteStartArray("policyTypes");
            w.WriteStringValue("Ingress");
            w.WriteStringValue("Egress");
            w.WriteEndArray();
        }

        private void K8sMetadata(Utf8JsonWriter w, string name, string? ns, Action<Utf8JsonWriter>? labels)
        {
            w.WriteStartObject("metadata");
            w.WriteStartObject("annotations");
            w.WriteString("pulumi.com/autonamed", "false");
            w.WriteEndObject();
            w.WriteString("creationTimestamp", Epoch.AddSeconds(_written).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            w.WriteNumber("generation", 1);
            if (labels is not null)
            {
                w.WriteStartObject("labels");
                labels(w);
                w.WriteEndObject();
            }
            w.WriteStartArray("managedFields");
            w.WriteStartObject();
            w.WriteString("apiVersion", "v1");
            w.WriteString("fieldsType", "FieldsV1");
            w.WriteStartObject("fieldsV1");
            w.WriteStartObject("f:metadata");
            w.WriteStartObject("f:labels");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("manager", "pulumi-kubernetes");
            w.WriteString("operation", "Update");
            w.WriteString("time", Epoch.AddSeconds(_written).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("name", name);
            if (ns is not null) w.WriteString("namespace", ns);
            w.WriteString("resourceVersion", _random.Next(1000, 99_999_999).ToString(CultureInfo.InvariantCulture));
            w.WriteString("uid", Guid(2));
            w.WriteEndObject();
        }

        private static void SgBlock(Utf8JsonWriter w, int from, int to, string protocol, string? cidr, bool self = false)
        {
            w.WriteStartObject();
            w.WriteStartArray("cidrBlocks");
            if (cidr is not null) w.WriteStringValue(cidr);
            w.WriteEndArray();
            w.WriteString("description", "");
            w.WriteNumber("fromPort", from);
            w.WriteString("protocol", protocol);
            w.WriteBoolean("self", self);
            w.WriteNumber("toPort", to);
            w.WriteEndObject();
        }

        private string TrustPolicy()
        {
            var roll = _random.NextDouble();
            // Services mostly; people (with MFA, and now and then without: ZT-IAM-004); Principal "*" now and then (ZT-IAM-006).
            string statement = roll switch
            {
                < 0.02 => """{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}""",
                < 0.05 => $$"""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{Account}}:root"},"Action":"sts:AssumeRole"}""",
                < 0.15 => """{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::""" + Account + """:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}""",
                < 0.55 => """{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}""",
                _ => """{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}""",
            };
            return $$"""{"Version":"2012-10-17","Statement":[{{statement}}]}""";
        }

        private string PermissionPolicy(string app, string keyArn)
        {
            var roll = _random.NextDouble();
            var extra = roll switch
            {
                < 0.02 => """,{"Effect":"Allow","Action":"*","Resource":"*"}""",
                < 0.04 => """,{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::shared-bucket/*"}""",
                < 0.06 => """,{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}""",
                < 0.09 => """,{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem"],"Resource":"*"}""",
                _ => "",
            };
            return $$"""{"Version":"2012-10-17","Statement":[{"Sid":"Logs","Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:{{Region}}:{{Account}}:log-group:/app/{{app}}:*"},{"Sid":"Key","Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"{{keyArn}}"},{"Sid":"Describe","Effect":"Allow","Action":["ec2:DescribeNetworkInterfaces","sts:GetCallerIdentity"],"Resource":"*"}{{extra}}]}""";
        }

        // The CloudWatch Logs key policy as AWS documents it: the service pinned to this account's log groups (ZT-IAM-010).
        private static string KeyPolicy() =>
            $$"""{"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{Account}}:root"},"Action":"kms:*","Resource":"*"},{"Sid":"Logs","Effect":"Allow","Principal":{"Service":"logs.{{Region}}.amazonaws.com"},"Action":["kms:Encrypt*","kms:Decrypt*","kms:GenerateDataKey*"],"Resource":"*","Condition":{"ArnLike":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:{{Region}}:{{Account}}:log-group:*"} } }]}""";

        private string ManagedPolicy()
        {
            var roll = _random.NextDouble();
            return roll switch
            {
                < 0.02 => "arn:aws:iam::aws:policy/AdministratorAccess",
                < 0.05 => "arn:aws:iam::aws:policy/AmazonS3FullAccess",
                < 0.50 => "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                _ => "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
            };
        }

        private static void Defaults(Utf8JsonWriter w, params string[] names)
        {
            w.WriteStartArray("__defaults");
            foreach (var name in names) w.WriteStringValue(name);
            w.WriteEndArray();
        }

        private static void Tags(Utf8JsonWriter w, string name, string? trueTag) => TagMap(w, "tags", name, trueTag);

        private static void TagsAll(Utf8JsonWriter w, string name, string? trueTag) => TagMap(w, "tagsAll", name, trueTag);

        private static void TagMap(Utf8JsonWriter w, string property, string name, string? trueTag)
        {
            w.WriteStartObject(property);
            w.WriteString("Name", name);
            w.WriteString("environment", "bench");
            w.WriteString("owner", "platform-team");
            if (trueTag is not null) w.WriteString(trueTag, "true");
            w.WriteEndObject();
        }

        private void Aws(string urn, string type, string id, string? parent, IReadOnlyList<string> dependencies,
            IReadOnlyList<(string Property, string[] Urns)> propertyDependencies, Action<Utf8JsonWriter> inputs, Action<Utf8JsonWriter> outputs) =>
            Resource(urn, type, custom: true, id, parent ?? StackUrn, _awsProvider, dependencies, propertyDependencies, inputs, outputs);

        private void K8s(string urn, string type, string id, IReadOnlyList<string> dependencies,
            IReadOnlyList<(string Property, string[] Urns)> propertyDependencies, Action<Utf8JsonWriter> inputs, Action<Utf8JsonWriter> outputs) =>
            Resource(urn, type, custom: true, id, StackUrn, _k8sProvider, dependencies, propertyDependencies, inputs, outputs);

        private void Resource(string urn, string type, bool custom, string? id, string? parent, string? provider,
            IReadOnlyList<string> dependencies, IReadOnlyList<(string Property, string[] Urns)> propertyDependencies,
            Action<Utf8JsonWriter>? inputs, Action<Utf8JsonWriter>? outputs)
        {
            if (Full) throw new InvalidOperationException("the generator wrote past the requested count");
            _written++;
            _w.WriteStartObject();
            _w.WriteString("urn", urn);
            _w.WriteBoolean("custom", custom);
            if (id is not null) _w.WriteString("id", id);
            _w.WriteString("type", type);
            if (inputs is not null)
            {
                _w.WriteStartObject("inputs");
                inputs(_w);
                _w.WriteEndObject();
            }
            if (outputs is not null)
            {
                _w.WriteStartObject("outputs");
                outputs(_w);
                _w.WriteEndObject();
            }
            if (parent is not null) _w.WriteString("parent", parent);
            if (dependencies.Count > 0)
            {
                _w.WriteStartArray("dependencies");
                foreach (var dependency in dependencies) _w.WriteStringValue(dependency);
                _w.WriteEndArray();
            }
            if (!string.IsNullOrEmpty(provider)) _w.WriteString("provider", provider);
            if (propertyDependencies.Count > 0)
            {
                _w.WriteStartObject("propertyDependencies");
                foreach (var (property, urns) in propertyDependencies)
                {
                    _w.WriteStartArray(property);
                    foreach (var dependency in urns) _w.WriteStringValue(dependency);
                    _w.WriteEndArray();
                }
                _w.WriteEndObject();
            }
            var time = Epoch.AddSeconds(_written).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
            _w.WriteString("created", time);
            _w.WriteString("modified", time);
            _w.WriteEndObject();
            // Keep the writer's pending buffer small on huge stacks.
            if (_w.BytesPending > 1 << 16) _w.Flush();
        }

        private static string Urn(string type, string name, string? parentType) =>
            parentType is null
                ? $"urn:pulumi:{Stack}::{Project}::{type}::{name}"
                : $"urn:pulumi:{Stack}::{Project}::{parentType}${type}::{name}";

        private bool Chance(double probability) => _random.NextDouble() < probability;

        private string Hex(int length)
        {
            Span<char> chars = stackalloc char[length];
            const string digits = "0123456789abcdef";
            for (var i = 0; i < length; i++) chars[i] = digits[_random.Next(16)];
            return new string(chars);
        }

        private string Guid(int kind) => $"{Hex(8)}-{Hex(4)}-{kind:x}{Hex(3)}-{Hex(4)}-{Hex(12)}";
    }
}
