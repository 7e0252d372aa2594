namespace ZeroTrust.Policy.Iam.Data;

/// <summary>What the data says about one AWS-managed policy ARN.</summary>
public enum ManagedPolicyStatus
{
    /// <summary>In the data, and it grants nothing the broadness criteria name.</summary>
    Narrow,

    /// <summary>In the data, and broad (see <see cref="ManagedPolicyVerdict.Why"/>).</summary>
    Broad,

    /// <summary>An AWS-managed ARN the data does not hold (newer than the data, or no such policy).</summary>
    Unknown,
}

/// <summary>The verdict on one AWS-managed policy ARN: its status and, when broad, why.</summary>
public sealed record ManagedPolicyVerdict(ManagedPolicyStatus Status, string Name, string? Why);

/// <summary>
/// The AWS managed policies judged by what their documents grant, derived from the <c>aws-managed-policies</c> dataset
/// by <c>tools/ZeroTrust.Policy.DataGen</c> into the embedded <c>aws-managed-policies.json</c> (ARN, and why when broad).
/// </summary>
public static class AwsManagedPolicies
{
    /// <summary>The embedded resource holding the derived list.</summary>
    public const string ResourceName = "ZeroTrust.Policy.Iam.Data.aws-managed-policies.json";

    private static readonly Lazy<Index> Data = new(() => Index.Parse(EmbeddedData.Read(ResourceName)));

    /// <summary>Where the list came from.</summary>
    public static string Source => Data.Value.Source;

    /// <summary>
    /// The verdict for an ARN of the form <c>arn:&lt;partition&gt;:iam::aws:policy[/path/]Name</c> (account "aws" marks
    /// AWS-managed policies in every partition), or null when <paramref name="arn"/> is not an AWS-managed policy ARN.
    /// </summary>
    public static ManagedPolicyVerdict? Judge(string arn)
    {
        var parts = arn.Trim().Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || !parts[1].StartsWith("aws", StringComparison.Ordinal)
            || parts[2] != "iam" || parts[3].Length != 0 || parts[4] != "aws" || !parts[5].StartsWith("policy/", StringComparison.Ordinal))
            return null;
        var resource = parts[5];
        var name = resource[(resource.LastIndexOf('/') + 1)..];
        var index = Data.Value;
        if (index.Current.TryGetValue(resource, out var why) || index.Deprecated.TryGetValue(name, out why))
            return new ManagedPolicyVerdict(why is null ? ManagedPolicyStatus.Narrow : ManagedPolicyStatus.Broad, name, why);
        return new ManagedPolicyVerdict(ManagedPolicyStatus.Unknown, name, null);
    }

    private sealed record Index(string Source, Dictionary<string, string?> Current, Dictionary<string, string?> Deprecated)
    {
        public static Index Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var current = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var policy in root.GetProperty("policies").EnumerateArray())
            {
                var arn = policy.GetProperty("arn").GetString()!;
                current[arn[(arn.IndexOf(":policy/", StringComparison.Ordinal) + 1)..]] = Why(policy);
            }
            // Deprecated policies are still attachable where attached before; the index gives no path, so they match by name.
            var deprecated = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var policy in root.GetProperty("deprecated").EnumerateArray())
                deprecated[policy.GetProperty("name").GetString()!] = Why(policy);
            return new Index(root.GetProperty("source").GetString()!, current, deprecated);
        }

        private static string? Why(JsonElement policy) => policy.TryGetProperty("why", out var why) ? why.GetString() : null;
    }
}
