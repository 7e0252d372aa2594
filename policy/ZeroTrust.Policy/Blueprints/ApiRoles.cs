namespace ZeroTrust.Policy.Blueprints;

/// <summary>
/// A validated role map: role → the actions it may perform, as the seeds' <c>roles</c> (admin [read, write, delete],
/// user [read]). Built only through <see cref="From"/>, so every holder of one knows each role has at least one
/// well-formed action and none twice; <see cref="ApiAccessBlueprint"/> derives the routes' and roles' scopes from it.
/// </summary>
public sealed class ApiRoles
{
    private ApiRoles(IReadOnlyDictionary<string, IReadOnlyList<string>> roles)
    {
        Roles = roles;
        Actions = roles.Values.SelectMany(actions => actions).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Role → its actions, roles in ordinal order, each role's actions in the order given.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Roles { get; }

    /// <summary>Every action some role holds, each once.</summary>
    public IReadOnlyList<string> Actions { get; }

    /// <summary>True when some role holds <paramref name="action"/> (ordinal: scopes are case-sensitive, RFC 6749 §3.3).</summary>
    public bool Grants(string action) => Actions.Contains(action, StringComparer.Ordinal);

    /// <summary>The roles that hold <paramref name="action"/>, in ordinal order; empty when none does.</summary>
    public IReadOnlyList<string> RolesHolding(string action) =>
        Roles.Where(role => role.Value.Contains(action, StringComparer.Ordinal)).Select(role => role.Key).ToList();

    /// <summary>The map as people write it, for messages: "admin [read, write, delete], user [read]".</summary>
    public override string ToString() =>
        string.Join(", ", Roles.Select(role => $"{role.Key} [{string.Join(", ", role.Value)}]"));

    /// <summary>
    /// Validates <paramref name="roles"/> and returns the role map, or throws ArgumentException naming the first bad
    /// part of <paramref name="field"/>: the map itself when null or empty, <c>field[role]</c> for a role without actions
    /// or with a malformed name, <c>field[role][i]</c> for a malformed or repeated action.
    /// </summary>
    public static ApiRoles From(IReadOnlyDictionary<string, IReadOnlyList<string>>? roles, string field)
    {
        BlueprintErrors.Require(roles is { Count: > 0 }, field,
            "give at least one role and the actions it may perform, e.g. admin [read, write, delete], user [read]");
        var validated = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (role, actions) in roles!)
        {
            var roleField = $"{field}[{role}]";
            BlueprintErrors.Require(IsRoleName(role), roleField,
                $"'{role}' is not a role name: 1-{MaxRoleNameLength} characters without spaces or control characters");
            BlueprintErrors.Require(actions is { Count: > 0 }, roleField, $"give the role '{role}' at least one action (e.g. read)");
            var seen = new List<string>();
            for (var i = 0; i < actions!.Count; i++)
            {
                var action = actions[i];
                BlueprintErrors.Require(ApiAccessBlueprint.IsAction(action), $"{roleField}[{i}]", ApiAccessBlueprint.NotAnAction(action));
                BlueprintErrors.Require(!seen.Contains(action, StringComparer.Ordinal), $"{roleField}[{i}]",
                    $"'{action}' is listed twice for the role '{role}'");
                seen.Add(action);
            }
            validated[role] = seen.AsReadOnly();
        }
        return new ApiRoles(validated.AsReadOnly());
    }

    /// <summary>The longest role name accepted: a Cognito group name is 1-128 letters, marks, symbols, numbers and punctuation (Cognito API Reference, CreateGroup).</summary>
    public const int MaxRoleNameLength = 128;

    // A role is a name an identity provider issues (a group, a claim value): no blanks, nothing invisible.
    private static bool IsRoleName(string? role) =>
        !string.IsNullOrEmpty(role) && role.Length <= MaxRoleNameLength
        && role.All(c => !char.IsWhiteSpace(c) && !char.IsControl(c));
}
