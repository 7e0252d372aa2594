using System.Text.Json;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>Who a managed-policy attachment attaches to.</summary>
internal enum PrincipalKind
{
    /// <summary>An IAM role.</summary>
    Role,

    /// <summary>An IAM user.</summary>
    User,

    /// <summary>An IAM group.</summary>
    Group,

    /// <summary>An IAM Identity Center permission set (provisioned as roles in each assigned account).</summary>
    PermissionSet,
}

/// <summary>One property of an attachment that names principals ("" = the resource itself).</summary>
internal sealed record AttachmentPrincipal(string Property, PrincipalKind Kind);

/// <summary>A resource type that attaches managed policies: the ARN property (one ARN or a list) and the principal properties.</summary>
internal sealed record AttachmentPlace(string Type, string ArnProperty, bool IsList, IReadOnlyList<AttachmentPrincipal> Principals);

/// <summary>The policy carriers as data: type token → property → kind, and the managed-policy attachment types.</summary>
internal sealed record PolicyCarriers(IReadOnlyList<(string Type, string Property, PolicyKind Kind)> Documents, IReadOnlyList<AttachmentPlace> Attachments)
{
    private const string ResourceName = "ZeroTrust.Policy.policy-carriers.json";

    /// <summary>Reads the list shipped in the assembly; a malformed list is a build defect, so it throws.</summary>
    public static PolicyCarriers LoadEmbedded()
    {
        using var stream = typeof(PolicyCarriers).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        return Parse(stream);
    }

    /// <summary>Parses the carriers file (JSON with comments).</summary>
    public static PolicyCarriers Parse(Stream stream)
    {
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        var documents = new List<(string, string, PolicyKind)>();
        foreach (var carrier in root.GetProperty("carriers").EnumerateArray())
            documents.Add((Text(carrier, "type"), Text(carrier, "property"), Kind(Text(carrier, "kind"))));
        var attachments = new List<AttachmentPlace>();
        foreach (var attachment in root.GetProperty("attachments").EnumerateArray())
        {
            var isList = attachment.TryGetProperty("policyArns", out var list);
            var arnProperty = isList ? list.GetString()! : Text(attachment, "policyArn");
            var principals = attachment.GetProperty("principals").EnumerateArray()
                .Select(p => new AttachmentPrincipal(Text(p, "property"), Enum.Parse<PrincipalKind>(Text(p, "kind"), ignoreCase: true)))
                .ToList();
            attachments.Add(new AttachmentPlace(Text(attachment, "type"), arnProperty, isList, principals));
        }
        return new PolicyCarriers(documents, attachments);
    }

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new InvalidOperationException($"policy-carriers.json: '{name}' is null");

    private static PolicyKind Kind(string kind) => kind switch
    {
        "identity" => PolicyKind.Identity,
        "trust" => PolicyKind.Trust,
        "resource" => PolicyKind.Resource,
        "endpoint" => PolicyKind.Endpoint,
        _ => throw new InvalidOperationException($"policy-carriers.json: unknown kind '{kind}'"),
    };
}
