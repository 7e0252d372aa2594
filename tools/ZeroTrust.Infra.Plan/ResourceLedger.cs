using System.Collections.Concurrent;
using System.Collections.Immutable;
using Pulumi;

namespace ZeroTrust.Infra.Plan;

/// <summary>
/// Records every resource the program registers under mocks — type, name, parent and inputs — because the mocks'
/// own arguments carry no parent and their URNs drop the component's type.
/// </summary>
public sealed class ResourceLedger
{
    private readonly ConcurrentDictionary<Resource, Resource?> _parents = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<(string Type, string Name), ConcurrentQueue<Registration>> _registrations = new();

    /// <summary>A stack transformation that notes each resource's parent and changes nothing.</summary>
    public ResourceTransformation Transformation => args =>
    {
        _parents[args.Resource] = args.Options.Parent;
        return null;
    };

    /// <summary>Called by the mocks when the engine registers a resource.</summary>
    public void RecordRegistration(
        string type, string name, string? id, string? provider,
        ImmutableDictionary<string, object> inputs, IReadOnlyDictionary<string, object> state) =>
        _registrations.GetOrAdd((type, name), _ => new()).Enqueue(new Registration(id, provider, inputs, state));

    /// <summary>Every recorded resource with its parent chain resolved; the stack itself is the root.</summary>
    public IReadOnlyList<LedgerEntry> Entries(string stack, string project)
    {
        var entries = new Dictionary<Resource, LedgerEntry>(ReferenceEqualityComparer.Instance);
        // A resource registered without a parent belongs to the stack, as the Pulumi engine parents it.
        var root = _parents.Keys.FirstOrDefault(resource => resource.GetResourceType() == LedgerEntry.StackType);
        LedgerEntry Resolve(Resource resource)
        {
            if (entries.TryGetValue(resource, out var known))
                return known;
            var recordedParent = _parents.GetValueOrDefault(resource) ?? (ReferenceEquals(resource, root) ? null : root);
            var parent = recordedParent is null ? null : Resolve(recordedParent);
            var type = resource.GetResourceType();
            var name = resource.GetResourceName();
            // Real URNs chain the ancestors' types below the stack: a$b$c::name.
            var qualifiedType = parent is null || parent.IsStack ? type : $"{parent.QualifiedType}${type}";
            var urn = $"urn:pulumi:{stack}::{project}::{qualifiedType}::{name}";
            Registration? registration = null;
            if (_registrations.TryGetValue((type, name), out var queue))
            {
                // Inputs are matched by type and name, so two resources sharing both would be indistinguishable.
                if (queue.Count > 1)
                    throw new InvalidOperationException($"{queue.Count} resources are named '{name}' with type {type}; give each a distinct name");
                queue.TryPeek(out registration);
            }

            var entry = new LedgerEntry(type, name, urn, qualifiedType, parent, registration?.Id, registration?.Provider,
                registration?.Inputs ?? ImmutableDictionary<string, object>.Empty,
                registration?.State ?? ImmutableDictionary<string, object>.Empty);
            entries[resource] = entry;
            return entry;
        }

        return _parents.Keys.Select(Resolve).OrderBy(entry => entry.Urn, StringComparer.Ordinal).ToList();
    }

    private sealed record Registration(
        string? Id, string? Provider, ImmutableDictionary<string, object> Inputs, IReadOnlyDictionary<string, object> State);
}

/// <summary>One resource of the plan: what it is, where it sits in the tree, and the inputs the program gave it.</summary>
public sealed record LedgerEntry(
    string Type,
    string Name,
    string Urn,
    string QualifiedType,
    LedgerEntry? Parent,
    string? Id,
    string? Provider,
    ImmutableDictionary<string, object> Inputs,
    IReadOnlyDictionary<string, object> State)
{
    /// <summary>The type token of the root stack resource.</summary>
    public const string StackType = "pulumi:pulumi:Stack";

    public bool IsStack => Type == StackType;

    /// <summary>Our own components (zerotrust:…) and the stack group resources; they are not cloud resources.</summary>
    public bool IsComponent => IsStack || Type.StartsWith("zerotrust:", StringComparison.Ordinal);

    public bool IsProvider => Type.StartsWith("pulumi:providers:", StringComparison.Ordinal);
}
