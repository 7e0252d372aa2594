using System.Reflection;
using Pulumi;
using ZeroTrust.Components.Api;
using ZeroTrust.Components.Identity;
using ZeroTrust.Components.Kubernetes;
using ZeroTrust.Components.Monitoring;
using ZeroTrust.Components.Network;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Tests;

/// <summary>
/// The Args can be described by a Pulumi schema (so the library can later be served to other languages): each is a
/// ResourceArgs whose every public property is an [Input] (on the property or its backing field), and none carries an
/// engine type or a .NET-only time type (times are RFC 3339 strings, durations whole minutes).
/// </summary>
public class ArgsSchemaTests
{
    public static TheoryData<Type> Args() =>
    [
        typeof(SegmentedTierArgs), typeof(IngressFlow), typeof(EgressFlow), typeof(JitAccessRoleArgs),
        typeof(DenyAllNamespaceArgs), typeof(AuditLogPipelineArgs), typeof(LogShippingTarget),
        typeof(OidcProtectedApiArgs), typeof(ApiRoute), typeof(ApiRouteContext), typeof(ApiTimeWindow), typeof(ApiDeviceIdentity),
    ];

    private static readonly Type[] NotInASchema = [typeof(TimeSpan), typeof(DateTimeOffset), typeof(DateTime), typeof(PolicySettings), typeof(TimeProvider)];

    private static IEnumerable<Type> Mentioned(Type type) =>
        new[] { type }.Concat(type.IsGenericType ? type.GetGenericArguments().SelectMany(Mentioned) : []);

    [Theory]
    [MemberData(nameof(Args))]
    public void Every_public_property_is_an_input(Type args)
    {
        Assert.True(typeof(ResourceArgs).IsAssignableFrom(args), $"{args.Name} is not a ResourceArgs");
        var fields = args.GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .Select(field => field.GetCustomAttribute<InputAttribute>()?.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var property in args.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            var name = property.GetCustomAttribute<InputAttribute>()?.Name;
            var camel = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            Assert.True(name == camel || (name is null && fields.Contains(camel)), $"{args.Name}.{property.Name} is not [Input(\"{camel}\")]");
        }
    }

    [Theory]
    [MemberData(nameof(Args))]
    public void No_input_is_an_engine_or_dotnet_time_type(Type args)
    {
        foreach (var property in args.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Assert.DoesNotContain(Mentioned(type), mentioned => NotInASchema.Contains(Nullable.GetUnderlyingType(mentioned) ?? mentioned));
        }
    }
}
