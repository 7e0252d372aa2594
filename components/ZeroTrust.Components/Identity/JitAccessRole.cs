using Pulumi;
using Pulumi.Aws.Iam;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Identity;

/// <summary>
/// A just-in-time role: assumable only inside the grant's window and with a source identity, by one trust statement
/// per kind of principal (IAM users and account roots with MFA no older than an hour; roles and Identity Center
/// permission sets without an MFA key, since their sessions carry none: MFA is enforced where those people sign in),
/// for at most an hour per session, and granting exactly the listed actions on the listed resources within the window
/// (the policies come from <see cref="JitAccessBlueprint"/>; the expiry is tagged on the role). A grant that has ended creates no role: the
/// component logs a warning, so a stack whose grant lapsed still previews and deploys (and removes the old role).
/// </summary>
public sealed class JitAccessRole : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "zerotrust:identity:JitAccessRole";

    /// <summary>The name of the role's inline permission policy.</summary>
    public const string GrantPolicyName = "jit-grant";

    // IAM role names are at most 64 characters and the provider appends a 26-character unique suffix to a prefix.
    private const int MaxNamePrefixLength = 38;

    /// <summary>The role's ARN; empty when the grant has ended and no role exists.</summary>
    [Output("roleArn")]
    public Output<string> RoleArn { get; }

    /// <summary>The role's (auto-generated) name; empty when the grant has ended.</summary>
    [Output("roleName")]
    public Output<string> RoleName { get; }

    /// <summary>When the grant ends, ISO 8601 UTC (also the role's zerotrust:jit-expires tag).</summary>
    [Output("expiresAt")]
    public Output<string> ExpiresAt { get; }

    /// <summary>False when the grant had ended at deployment time and no role was created.</summary>
    [Output("active")]
    public Output<bool> Active { get; }

    /// <summary>A role on the system clock, checked against the default policy settings.</summary>
    public JitAccessRole(string name, JitAccessRoleArgs args, ComponentResourceOptions? options = null)
        : this(name, args, options, TimeProvider.System)
    {
    }

    /// <summary>
    /// A role whose "now" is <paramref name="clock"/> (tests and offline plans pin it), checked against
    /// <paramref name="settings"/> (maximum window and session, extra scoped-to-"*" actions) when given.
    /// </summary>
    public JitAccessRole(string name, JitAccessRoleArgs args, ComponentResourceOptions? options, TimeProvider clock, PolicySettings? settings = null)
        : base(TypeToken, ComponentArgs.ValidatedName(name, () => Validate(args, settings)), options)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var (_, end) = args.Window();
        var expiresAt = JitAccessBlueprint.Timestamp(end);
        ExpiresAt = Output.Create(expiresAt);

        if (end <= clock.GetUtcNow())
        {
            Log.Warn($"just-in-time grant '{args.Name}' ended at {expiresAt}: no role is created (an existing one is removed); " +
                "give a new window to grant access again", this);
            RoleArn = Output.Create(string.Empty);
            RoleName = Output.Create(string.Empty);
            Active = Output.Create(false);
            RegisterOutputs();
            return;
        }

        // Principals, resources and tags may be other resources' outputs: the blueprint checks and builds the policies
        // once they are known (in a preview with unknown values the Apply does not run, and the policies stay unknown).
        var resolved = Output.Tuple(args.TrustedPrincipals.ToOutput(), args.Resources.ToOutput(), args.Tags.ToOutput())
            .Apply(values => args.ValidateResolved(values.Item1, values.Item2, values.Item3, settings));

        var role = new Role(name, new RoleArgs
        {
            NamePrefix = NamePrefix(args.Name),
            Description = $"Just-in-time access '{args.Name}' until {expiresAt}",
            AssumeRolePolicy = resolved.Apply(value => JitAccessBlueprint.TrustPolicy(value.Item1).ToJson()),
            MaxSessionDuration = JitAccessBlueprint.MaxSessionDurationSeconds(args.ToGrant([], [])),
            Tags = resolved.Apply(value => value.Item2),
        }, new CustomResourceOptions { Parent = this });

        _ = new RolePolicy($"{name}-grant", new RolePolicyArgs
        {
            Role = role.Name,
            Name = GrantPolicyName,
            Policy = resolved.Apply(value => JitAccessBlueprint.PermissionPolicy(value.Item1).ToJson()),
        }, new CustomResourceOptions { Parent = this });

        RoleArn = role.Arn;
        RoleName = role.Name;
        Active = Output.Create(true);
        RegisterOutputs();
    }

    /// <summary>"jit-{grant}-", cut to what IAM admits before the provider's unique suffix.</summary>
    internal static string NamePrefix(string grantName)
    {
        var prefix = $"jit-{grantName}";
        return (prefix.Length > MaxNamePrefixLength - 1 ? prefix[..(MaxNamePrefixLength - 1)] : prefix) + "-";
    }

    private static void Validate(JitAccessRoleArgs args, PolicySettings? settings)
    {
        BlueprintErrors.Require(args is not null, "args", "JitAccessRoleArgs are required");
        args!.Validate(settings);
    }
}
