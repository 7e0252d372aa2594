using Pulumi;
using Pulumi.Aws.Iam;
using Pulumi.Random;
using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Components.Identity;

/// <summary>
/// A just-in-time role: assumable only with recent MFA and a source identity, for at most an hour per session, and
/// granting exactly the listed actions on the listed resources until the expiry (tagged on the role).
/// </summary>
public sealed class JitAccessRole : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "zerotrust:identity:JitAccessRole";

    public Output<string> RoleArn { get; }

    public Output<string> RoleName { get; }

    /// <summary>When the grant ends, ISO 8601 UTC (also the role's zerotrust:jit-expires tag).</summary>
    public string ExpiresAt { get; }

    public JitAccessRole(string name, JitAccessRoleArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, ComponentArgs.ValidatedName(name, () => Validate(args)), options)
    {
        var grant = args.ToGrant();
        ExpiresAt = JitAccessBlueprint.Timestamp(grant.ExpiresAt);

        var suffix = new RandomId($"{name}-suffix", new RandomIdArgs
        {
            ByteLength = 4,
            Keepers = { { "grant", grant.Name } },
        }, new CustomResourceOptions { Parent = this });

        var role = new Role(name, new RoleArgs
        {
            Name = suffix.Hex.Apply(hex => $"jit-{grant.Name}-{hex}"),
            Description = $"Just-in-time access '{grant.Name}' until {ExpiresAt}",
            AssumeRolePolicy = JitAccessBlueprint.TrustPolicy(grant).ToJson(),
            MaxSessionDuration = JitAccessBlueprint.MaxSessionDurationSeconds(grant),
            Tags = JitAccessBlueprint.RoleTags(grant, args.Tags).ToMutable(),
        }, new CustomResourceOptions { Parent = this });

        var permissions = new RolePolicy($"{name}-grant", new RolePolicyArgs
        {
            Role = role.Name,
            Name = "jit-grant",
            Policy = JitAccessBlueprint.PermissionPolicy(grant).ToJson(),
        }, new CustomResourceOptions { Parent = this });

        RoleArn = role.Arn;
        RoleName = role.Name;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["roleArn"] = role.Arn,
            ["roleName"] = role.Name,
            ["grantPolicyName"] = permissions.Name,
            ["expiresAt"] = ExpiresAt,
        });
    }

    private static void Validate(JitAccessRoleArgs args)
    {
        BlueprintErrors.Require(args is not null, "args", "JitAccessRoleArgs are required");
        args!.Validate();
    }
}
