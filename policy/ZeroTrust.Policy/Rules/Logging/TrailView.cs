using System.Runtime.CompilerServices;
using System.Text;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Monitoring.FilterPatterns;

namespace ZeroTrust.Policy.Rules.Logging;

/// <summary>
/// The audit pipeline of a stack as the logging rules query it: trails, their log groups and buckets, metric filters
/// by log group, alarms by metric, and each bucket's configuration resources. Built once per stack in O(resources)
/// and shared by the ZT-LOG rules, so each rule stays a short query.
/// </summary>
internal sealed class TrailView
{
    public const string Trail = "aws:cloudtrail/trail:Trail";
    public const string LogGroup = "aws:cloudwatch/logGroup:LogGroup";
    public const string MetricFilter = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
    public const string MetricAlarm = "aws:cloudwatch/metricAlarm:MetricAlarm";
    public const string KmsKey = "aws:kms/key:Key";
    public const string Topic = "aws:sns/topic:Topic";
    public const string TopicSubscription = "aws:sns/topicSubscription:TopicSubscription";
    public const string ContributorInsightRule = "aws:cloudwatch/contributorInsightRule:ContributorInsightRule";
    public const string PulumiStack = "pulumi:pulumi:Stack";

    // pulumi-aws 6.x and 7.x: 7.x renamed the V2 resources to the plain names and keeps the V2 tokens as deprecated aliases.
    public static readonly IReadOnlyList<string> Buckets = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
    public const string PublicAccessBlock = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    public const string AccountPublicAccessBlock = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
    public static readonly IReadOnlyList<string> Versionings = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];
    public static readonly IReadOnlyList<string> Encryptions =
    [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ];
    public const string BucketPolicy = "aws:s3/bucketPolicy:BucketPolicy";

    // pulumi-aws 7.x BucketLogging keeps the 6.x BucketLoggingV2 token as an alias (sdk/dotnet/S3/BucketLogging.cs).
    public static readonly IReadOnlyList<string> Loggings = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];

    private static readonly ConditionalWeakTable<StackView, TrailView> Cache = new();

    private readonly Dictionary<string, List<StackResource>> _filtersByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StackResource>> _alarmsByMetric = new(StringComparer.Ordinal);
    private readonly List<StackResource> _queryAlarms = [];
    private readonly HashSet<string> _subscribedTopics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FilterPattern> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StackResource>> _bucketConfigs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unlinkedConfigKinds = new(StringComparer.Ordinal);

    private TrailView(StackView stack)
    {
        Stack = stack;
        LogGroups = new LinkIndex(stack, [LogGroup], g => [g.Output("name").AsString(), g.Input("name").AsString()]);
        BucketsByName = new LinkIndex(stack, Buckets, b => [b.Input("bucket").AsString(), b.Output("bucket").AsString()]);

        foreach (var filter in stack.OfType(MetricFilter))
        {
            var group = LogGroups.Resolve(filter, "logGroupName");
            if (group.IsUnknown) HasUnlinkedFilters = true;
            else if ((group.Target?.Urn ?? group.Value) is { } key) Add(_filtersByGroup, key, filter);
        }

        foreach (var alarm in stack.OfType(MetricAlarm))
        {
            IndexMetric(alarm, alarm.Input("namespace"), alarm.Input("metricName"));
            foreach (var query in alarm.Input("metricQueries").Items())
            {
                if (query["expression"] is { IsMissing: false } expression)
                {
                    if (expression.IsOpaque) HasOpaqueAlarms = true;
                    else if (_queryAlarms.Count == 0 || !ReferenceEquals(_queryAlarms[^1], alarm)) _queryAlarms.Add(alarm);   // an alarm's queries come together: O(1)
                }
                IndexMetric(alarm, query.At("metric.namespace"), query.At("metric.metricName"));
            }
            if (alarm.Input("metricQueries").IsOpaque) HasOpaqueAlarms = true;
        }

        Topics = new LinkIndex(stack, [Topic]);
        foreach (var subscription in stack.OfType(TopicSubscription))
        {
            var topic = Topics.Resolve(subscription, "topic");
            if (topic.Target is { } target) _subscribedTopics.Add(target.Urn);
            else if (topic.IsUnknown) HasUnlinkedSubscriptions = true;
        }

        foreach (var (kind, types) in new (string, IReadOnlyList<string>)[]
                 {
                     ("public access block", [PublicAccessBlock]), ("versioning", Versionings),
                     ("encryption", Encryptions), ("policy", [BucketPolicy]), ("logging", Loggings),
                 })
        {
            foreach (var type in types)
            {
                foreach (var config in stack.OfType(type))
                {
                    var bucket = BucketsByName.Resolve(config, "bucket");
                    if (bucket.Target is { } target) Add(_bucketConfigs, target.Urn, config);
                    else if (bucket.IsUnknown) _unlinkedConfigKinds.Add(kind);
                }
            }
        }
    }

    /// <summary>The view of a stack, built on first use and shared by every rule evaluating that stack.</summary>
    public static TrailView Of(StackView stack) => Cache.GetValue(stack, static s => new TrailView(s));

    public StackView Stack { get; }

    public IReadOnlyList<StackResource> Trails => Stack.OfType(Trail);

    /// <summary>Log groups by ARN (with or without <c>:*</c>), name or id.</summary>
    public LinkIndex LogGroups { get; }

    /// <summary>Buckets of both provider generations by bucket name, ARN or id.</summary>
    public LinkIndex BucketsByName { get; }

    /// <summary>True when some metric filter names a log group this view cannot tell (unknown in a preview).</summary>
    public bool HasUnlinkedFilters { get; }

    /// <summary>SNS topics by ARN or id.</summary>
    public LinkIndex Topics { get; }

    /// <summary>True when some subscription names a topic a preview does not know yet.</summary>
    public bool HasUnlinkedSubscriptions { get; }

    /// <summary>True when a subscription in the stack delivers the topic's messages somewhere.</summary>
    public bool IsSubscribed(StackResource topic) => _subscribedTopics.Contains(topic.Urn);

    /// <summary>Alarms that evaluate a metric math or Metrics Insights expression, in stack order.</summary>
    public IReadOnlyList<StackResource> QueryAlarms => _queryAlarms;

    /// <summary>Alarms watching a metric, by namespace and name.</summary>
    public IReadOnlyList<StackResource> AlarmsOn(string metricNamespace, string metricName) =>
        _alarmsByMetric.GetValueOrDefault(MetricKey(metricNamespace, metricName)) ?? [];

    /// <summary>A filter pattern, parsed once per distinct text for the whole stack.</summary>
    public FilterPattern Pattern(string text)
    {
        lock (_patterns)
        {
            if (!_patterns.TryGetValue(text, out var pattern)) _patterns[text] = pattern = FilterPattern.Parse(text);
            return pattern;
        }
    }

    /// <summary>True when some alarm's metric or query is unknown, so a missing alarm cannot be asserted.</summary>
    public bool HasOpaqueAlarms { get; private set; }

    /// <summary>The first AWS resource of the stack in stack order (the provider resource itself aside), or null.</summary>
    public StackResource? FirstAwsResource => Stack.Resources.FirstOrDefault(r => r.Type.StartsWith("aws:", StringComparison.Ordinal));

    /// <summary>The stack's own resource (<c>pulumi:pulumi:Stack</c>), where findings about the stack as a whole go, or null.</summary>
    public StackResource? StackResource => Stack.OfType(PulumiStack) is [var stackResource, ..] ? stackResource : null;

    /// <summary>
    /// The key metric filters of the trail's log group are filed under: the group's URN when it is in the stack,
    /// else the group name read from the ARN. Null when the trail delivers to no group; unknown when a preview hides it.
    /// </summary>
    public (string? Key, bool IsUnknown) LogGroupKeyOf(StackResource trail)
    {
        var group = LogGroups.Resolve(trail, "cloudWatchLogsGroupArn");
        if (group.Target is { } target) return (target.Urn, false);
        if (group.IsUnknown) return (null, true);
        return (LogGroupNameFromArn(group.Value), false);
    }

    /// <summary>The name of the trail's log group (null when it delivers to none or a preview hides it) and whether it is unknown.</summary>
    public (string? Name, bool IsUnknown) LogGroupNameOf(StackResource trail)
    {
        var group = LogGroups.Resolve(trail, "cloudWatchLogsGroupArn");
        if (group.Target is { } target)
        {
            var name = target.Input("name");
            if (name.IsOpaque && target.Output("name").AsString() is null) return (null, true);
            // No name yet is an unknown name: a preview of a group named by namePrefix (pulumi-aws LogGroup: "Creates a
            // unique name beginning with the specified prefix") has no name, id or outputs until deployment.
            var known = name.AsString() ?? target.Output("name").AsString() ?? target.Id;
            return known is null ? (null, true) : (known, false);
        }
        return group.IsUnknown ? (null, true) : (LogGroupNameFromArn(group.Value), false);
    }

    /// <summary>The metric filters on a log group (by URN, or by name when the group lives outside the stack).</summary>
    public IReadOnlyList<StackResource> FiltersOn(string groupKey) =>
        _filtersByGroup.TryGetValue(groupKey, out var list) ? list : [];

    /// <summary>The configuration resources (public access block, versioning, encryption, policy) attached to a bucket.</summary>
    public IReadOnlyList<StackResource> ConfigsOf(StackResource bucket) =>
        _bucketConfigs.TryGetValue(bucket.Urn, out var list) ? list : [];

    /// <summary>True when a configuration resource of this kind names a bucket a preview does not know yet (it may be this one).</summary>
    public bool HasUnlinkedConfig(string kind) => _unlinkedConfigKinds.Contains(kind);

    /// <summary>
    /// The trail-bucket controls, each with a verdict and, for a cannot-verify finding, what is not known: public access
    /// blocked, versioned, KMS-encrypted, TLS enforced, server access logs delivered to another bucket that can receive
    /// them. Standalone configuration resources (both provider generations) and the bucket's inline blocks count.
    /// </summary>
    public IEnumerable<(string Problem, Verdict Verdict, string Unknown)> BucketControls(StackResource bucket)
    {
        var configs = ConfigsOf(bucket);
        Verdict Of(string kind, IEnumerable<Verdict> candidates) =>
            Verdicts.Any(candidates.Append(HasUnlinkedConfig(kind) ? Verdict.Unknown : Verdict.NotMet));
        const string pending = "is unknown until deployment (a value, or the bucket a configuration resource names)";

        yield return ("public access is not fully blocked (a BucketPublicAccessBlock with all four flags true)",
            Of("public access block", configs.Where(c => c.Type == PublicAccessBlock).Concat(Stack.OfType(AccountPublicAccessBlock)).Select(AllFourFlags)),
            $"whether public access is fully blocked {pending}");
        yield return ("versioning is not enabled",
            Of("versioning", configs.Where(c => Versionings.Contains(c.Type)).Select(VersioningEnabled).Append(InlineVersioning(bucket))),
            $"whether versioning is enabled {pending}");
        yield return ("default encryption is not SSE-KMS (aws:kms or aws:kms:dsse)", Of("encryption", DefaultKms(bucket)),
            $"whether default encryption is SSE-KMS {pending}");
        yield return ("the bucket policy does not deny requests without TLS (Deny, Principal *, Bool aws:SecureTransport false)",
            Of("policy", configs.Where(c => c.Type == BucketPolicy).Select(c => DeniesInsecureTransport(c.Input("policy")))
                .Append(bucket.Input("policy").IsMissing ? Verdict.NotMet : DeniesInsecureTransport(bucket.Input("policy")))),
            $"whether the bucket policy denies requests without TLS (aws:SecureTransport) {pending}");

        var targets = LogTargets(bucket, configs).ToList();
        var elsewhere = Of("logging", targets.Select(t => t.Elsewhere));
        yield return ("server access logging is not enabled into a separate log bucket (a BucketLogging whose targetBucket is another bucket)",
            elsewhere, "whether server access logs go to a separate bucket is unknown: the log target is unknown until deployment and does not link to a bucket of this stack");
        var receiving = targets.Where(t => t.Elsewhere == Verdict.Met).Select(t => (t.Target, t.Name, Verdict: CanReceive(t.Target))).ToList();
        if (receiving.Count == 0) yield break;
        var failed = receiving.FirstOrDefault(r => r.Verdict == Verdict.NotMet);
        var undecided = receiving.FirstOrDefault(r => r.Verdict == Verdict.Unknown);
        yield return ($"the access-log bucket {failed.Target?.Name} has default encryption SSE-KMS, which S3 server access logging does not support "
                + "(its target bucket may use only SSE-S3, AES256)",
            Verdicts.Any(receiving.Select(r => r.Verdict)),
            undecided.Target is { } known
                ? $"whether the access-log bucket {known.Name} can receive access logs (default encryption SSE-S3, not SSE-KMS) {pending}"
                : $"the access-log bucket '{undecided.Name}' is not declared in this stack, so whether it can receive access logs "
                    + "(default encryption SSE-S3, not SSE-KMS) cannot be checked here");
    }

    // Whether default encryption is SSE-KMS: standalone configurations of both provider generations or the inline block.
    private IEnumerable<Verdict> DefaultKms(StackResource bucket) =>
        ConfigsOf(bucket).Where(c => Encryptions.Contains(c.Type)).Select(c => KmsEncrypted(c.Input("rules"))).Append(InlineEncryption(bucket));

    // S3 delivers server access logs only to a target bucket without SSE-KMS default encryption: "You can use default
    // bucket encryption on the target bucket only if you use server-side encryption with Amazon S3 managed keys
    // (SSE-S3) ... Default server-side encryption with AWS Key Management Service (AWS KMS) keys (SSE-KMS) is not
    // supported." (S3 User Guide, Enabling Amazon S3 server access logging; awsdocs/amazon-s3-userguide
    // doc_source/enable-server-access-logging.md). A target outside the stack cannot be checked here.
    private Verdict CanReceive(StackResource? target)
    {
        if (target is null) return Verdict.Unknown;
        return Verdicts.Any(DefaultKms(target)) switch
        {
            Verdict.Met => Verdict.NotMet,
            Verdict.Unknown => Verdict.Unknown,
            _ => HasUnlinkedConfig("encryption") ? Verdict.Unknown : Verdict.Met,
        };
    }

    // The log bucket must be another bucket: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
    // (CIS AWS Foundations 3.6, AWS Security Hub CloudTrail.7). Standalone BucketLogging(V2) or the inline logging block.
    // Each target: whether it is another bucket, the bucket when it is in the stack, and its name when known.
    private IEnumerable<(Verdict Elsewhere, StackResource? Target, string? Name)> LogTargets(StackResource bucket, IReadOnlyList<StackResource> configs)
    {
        foreach (var config in configs.Where(c => Loggings.Contains(c.Type)))
        {
            var target = BucketsByName.Resolve(config, "targetBucket");
            if (target.Target is { } resolved) yield return (resolved.Urn == bucket.Urn ? Verdict.NotMet : Verdict.Met, resolved, resolved.Name);
            else yield return (TargetIsAnother(bucket, config.Input("targetBucket")), null, target.Value);
        }
        foreach (var block in Blocks(bucket, "logging"))
        {
            if (block.IsOpaque)
            {
                yield return (Verdict.Unknown, null, null);
                continue;
            }
            var name = block["targetBucket"].AsString();
            var resolved = name is null ? null : BucketsByName.Find(name);
            yield return (resolved is not null ? (resolved.Urn == bucket.Urn ? Verdict.NotMet : Verdict.Met) : TargetIsAnother(bucket, block["targetBucket"]), resolved, resolved?.Name ?? name);
        }
    }

    // A log target that resolved to no bucket of the stack: unknown, missing, or another bucket than this one by name.
    private static Verdict TargetIsAnother(StackResource bucket, Prop target)
    {
        if (target.IsOpaque) return Verdict.Unknown;
        if (target.AsString() is not { Length: > 0 } name) return Verdict.NotMet;
        return name == bucket.Input("bucket").AsString() || name == bucket.Id ? Verdict.NotMet : Verdict.Met;
    }

    private static Verdict AllFourFlags(StackResource block) =>
        Verdicts.All(Verdicts.IsTrue(block.Input("blockPublicAcls")), Verdicts.IsTrue(block.Input("blockPublicPolicy")),
            Verdicts.IsTrue(block.Input("ignorePublicAcls")), Verdicts.IsTrue(block.Input("restrictPublicBuckets")));

    private static Verdict VersioningEnabled(StackResource versioning)
    {
        var status = versioning.Input("versioningConfiguration");
        if (status.IsOpaque) return Verdict.Unknown;
        return Verdicts.Any(status.Items().Select(s => s["status"]).Select(s =>
            s.IsOpaque ? Verdict.Unknown : s.AsString() == "Enabled" ? Verdict.Met : Verdict.NotMet));
    }

    // 6.x Bucket: versioning {enabled}; 6.x BucketV2: versionings [{enabled}]; 7.x Bucket: versioning {enabled}.
    private static Verdict InlineVersioning(StackResource bucket) =>
        Verdicts.Any(Blocks(bucket, "versioning").Select(v => v.IsOpaque ? Verdict.Unknown : Verdicts.IsTrue(v["enabled"])));

    // 6.x Bucket: serverSideEncryptionConfiguration {rule {applyServerSideEncryptionByDefault {sseAlgorithm}}};
    // 6.x BucketV2: serverSideEncryptionConfigurations [{rules [{applyServerSideEncryptionByDefaults [{sseAlgorithm}]}]}].
    private static Verdict InlineEncryption(StackResource bucket) =>
        Verdicts.Any(Blocks(bucket, "serverSideEncryptionConfiguration").Select(c =>
            c.IsOpaque ? Verdict.Unknown : KmsEncrypted(c["rule"].IsMissing ? c["rules"] : c["rule"])));

    private static Verdict KmsEncrypted(Prop rules)
    {
        if (rules.IsOpaque) return Verdict.Unknown;
        return Verdicts.Any(rules.Items().SelectMany(rule =>
        {
            var defaults = rule["applyServerSideEncryptionByDefault"].IsMissing ? rule["applyServerSideEncryptionByDefaults"] : rule["applyServerSideEncryptionByDefault"];
            return defaults.IsOpaque ? [Verdict.Unknown] : defaults.Items().Select(d => d["sseAlgorithm"]).Select(a =>
                a.IsOpaque ? Verdict.Unknown : a.AsString() is "aws:kms" or "aws:kms:dsse" ? Verdict.Met : Verdict.NotMet);
        }));
    }

    // An inline block under its singular name or the 6.x BucketV2 plural list; an opaque block yields itself.
    private static IEnumerable<Prop> Blocks(StackResource bucket, string name)
    {
        var single = bucket.Input(name);
        var block = single.IsMissing ? bucket.Input(name + "s") : single;
        return block.IsOpaque ? [block] : block.Items();
    }

    /// <summary>
    /// Met when the policy has a statement denying every S3 action to everyone when aws:SecureTransport is false.
    /// BoolIfExists counts as Bool: in a Deny, IfExists only widens the match (a missing key also denies), as the
    /// aws-samples resource control policy "Restrict access to only HTTPS connections" writes it.
    /// </summary>
    public static Verdict DeniesInsecureTransport(Prop policy)
    {
        if (policy.IsOpaque) return Verdict.Unknown;
        if (policy.IsMissing) return Verdict.NotMet;
        var document = PolicyDocument.TryRead(policy, "bucket policy", out _);
        if (document is null) return Verdict.NotMet;
        return document.Statements.Any(s =>
            s.Effect == PolicyEffect.Deny && s.Principal is { IsEveryone: true }
            && s.Actions.Any(a => ActionPattern.IsEverything(a) || (ActionPattern.IsWholeService(a) && ActionPattern.Service(a) == "s3"))
            && s.ConditionsOn("aws:SecureTransport").Any(c => c.BaseOperator == "Bool"
                && c.Values.Any(v => string.Equals(v, "false", StringComparison.OrdinalIgnoreCase))))
            ? Verdict.Met : Verdict.NotMet;
    }

    /// <summary>
    /// A CloudWatch Logs filter pattern or Metrics Insights query in canonical form: whitespace runs outside quotes
    /// become one space, and spaces next to operators and brackets go, so formatting never decides a match.
    /// </summary>
    public static string Normalize(string text)
    {
        const string tight = "{}()[]=!<>&|,";
        var result = new StringBuilder(text.Length);
        var quoted = false;
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (!quoted && char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }
            if (pendingSpace && !tight.Contains(c, StringComparison.Ordinal) && !tight.Contains(result[^1], StringComparison.Ordinal))
                result.Append(' ');
            pendingSpace = false;
            if (c == '"') quoted = !quoted;
            result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>The log group name in a CloudWatch Logs ARN (<c>arn:aws:logs:region:account:log-group:NAME[:*]</c>), or the value itself.</summary>
    public static string? LogGroupNameFromArn(string? arn)
    {
        if (arn is null) return null;
        const string marker = ":log-group:";
        var at = arn.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return arn;
        var name = arn[(at + marker.Length)..];
        return name.EndsWith(":*", StringComparison.Ordinal) ? name[..^2] : name;
    }

    private void IndexMetric(StackResource alarm, Prop ns, Prop metric)
    {
        if (ns.IsOpaque || metric.IsOpaque) HasOpaqueAlarms = true;
        else if (ns.AsString() is { } n && metric.AsString() is { } m) Add(_alarmsByMetric, MetricKey(n, m), alarm);
    }

    private static string MetricKey(string ns, string metric) => ns + "\n" + metric;

    private static void Add(Dictionary<string, List<StackResource>> index, string key, StackResource resource)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        if (!list.Contains(resource)) list.Add(resource);
    }
}
