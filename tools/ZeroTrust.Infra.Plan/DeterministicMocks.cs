using System.Collections.Immutable;
using Pulumi.Testing;

namespace ZeroTrust.Infra.Plan;

/// <summary>
/// Pulumi mocks that answer like AWS would in <paramref name="accountId"/> and <paramref name="region"/>, with ids
/// and ARNs derived from names only, so a plan is repeatable and needs no credentials or network. With
/// <paramref name="firstPreview"/>, they answer as a first <c>pulumi preview</c> sees a new stack: nothing exists yet,
/// so no id and no computed property (ARN, endpoint, generated name) is known.
/// </summary>
public sealed class DeterministicMocks(ResourceLedger ledger, string region, string accountId, bool firstPreview = false) : IMocks
{
    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        var type = args.Type ?? "";
        var name = args.Name ?? "";
        if (firstPreview)
        {
            // A null id is unknown to the SDK, and in a preview so is every property the monitor does not return.
            ledger.RecordRegistration(type, name, null, args.Provider, args.Inputs, args.Inputs);
            return Task.FromResult<(string? id, object state)>((null, args.Inputs));
        }
        // MockResourceArgs.Id is "" (not null) for a new resource: the MockMonitor copies the import id, and the SDK
        // reads an empty id as unknown, which would make every Id output and every input built from it unknown.
        var id = !string.IsNullOrEmpty(args.Id) ? args.Id : IsComponent(type) ? null : $"{name}-id";
        var state = args.Inputs.ToDictionary(pair => pair.Key, pair => pair.Value);
        if (type.StartsWith("aws:", StringComparison.Ordinal))
            AddAwsOutputs(type, name, id ?? name, state);
        else if (type == "random:index/randomId:RandomId")
            AddRandomIdOutputs(name, state);

        ledger.RecordRegistration(type, name, id, args.Provider, args.Inputs, state);
        return Task.FromResult<(string? id, object state)>((id, state.ToImmutableDictionary()));
    }

    public Task<object> CallAsync(MockCallArgs args)
    {
        object result = args.Token switch
        {
            "aws:index/getCallerIdentity:getCallerIdentity" => new Dictionary<string, object>
            {
                ["accountId"] = accountId,
                ["arn"] = $"arn:aws:iam::{accountId}:user/offline-plan",
                ["id"] = accountId,
                ["userId"] = "AIDAOFFLINEPLAN",
            },
            "aws:index/getRegion:getRegion" => new Dictionary<string, object>
            {
                ["id"] = region,
                ["name"] = region,
                ["region"] = region,
                ["description"] = region,
                ["endpoint"] = $"ec2.{region}.amazonaws.com",
            },
            "aws:index/getPartition:getPartition" => new Dictionary<string, object>
            {
                ["id"] = "aws",
                ["partition"] = "aws",
                ["dnsSuffix"] = "amazonaws.com",
                ["reverseDnsPrefix"] = "com.amazonaws",
            },
            _ => args.Args,
        };
        return Task.FromResult(result);
    }

    private static bool IsComponent(string type) =>
        type.StartsWith("zerotrust:", StringComparison.Ordinal);

    private void AddAwsOutputs(string type, string name, string id, Dictionary<string, object> state)
    {
        // aws:ec2/securityGroup:SecurityGroup → module ec2, kind securityGroup.
        var module = type.Split(':')[1].Split('/')[0];
        var kind = type.Split(':')[1].Split('/').Last();
        // An auto-named resource (namePrefix) gets its physical name from the provider: the prefix and a unique suffix.
        var physicalName = state.TryGetValue("name", out var given) && given is string text ? text
            : state.TryGetValue("namePrefix", out var prefix) && prefix is string prefixText ? prefixText + StableSuffix(name)
            : name;

        state.TryAdd("arn", module switch
        {
            "iam" => $"arn:aws:iam::{accountId}:{kind}/{physicalName}",
            "sns" => $"arn:aws:sns:{region}:{accountId}:{physicalName}",
            "cloudwatch" when kind == "logGroup" => $"arn:aws:logs:{region}:{accountId}:log-group:{physicalName}",
            "s3" => $"arn:aws:s3:::{physicalName}",
            _ => $"arn:aws:{module}:{region}:{accountId}:{kind}/{id}",
        });
        state.TryAdd("name", physicalName);
        state.TryAdd("region", region);
        switch (type)
        {
            case "aws:apigatewayv2/api:Api":
                state.TryAdd("apiEndpoint", $"https://{id}.execute-api.{region}.amazonaws.com");
                state.TryAdd("executionArn", $"arn:aws:execute-api:{region}:{accountId}:{id}");
                break;
            case "aws:apigatewayv2/stage:Stage":
                state.TryAdd("invokeUrl", $"https://api-id.execute-api.{region}.amazonaws.com/{physicalName}");
                break;
            case "aws:kms/key:Key":
                state.TryAdd("keyId", id);
                break;
            case "aws:lambda/function:Function":
                state.TryAdd("invokeArn", $"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{accountId}:function:{physicalName}/invocations");
                break;
            case "aws:s3/bucketObjectv2:BucketObjectv2":
                // A versioned bucket gives every object a version id, which the mutual TLS domain pins.
                state.TryAdd("versionId", $"{StableSuffix(name)}-v1");
                break;
            case "aws:s3/bucket:Bucket" or "aws:s3/bucketV2:BucketV2":
                state.TryAdd("bucket", physicalName);
                break;
        }
    }

    private static void AddRandomIdOutputs(string name, Dictionary<string, object> state)
    {
        // Four bytes derived from the name: stable across runs, distinct across resources.
        var bytes = BitConverter.GetBytes(StableHash(name));
        state.TryAdd("hex", Convert.ToHexStringLower(bytes));
        state.TryAdd("b64Url", Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        state.TryAdd("b64Std", Convert.ToBase64String(bytes));
        state.TryAdd("dec", BitConverter.ToUInt32(bytes).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string StableSuffix(string name) => Convert.ToHexStringLower(BitConverter.GetBytes(StableHash(name)));

    // FNV-1a: string.GetHashCode is randomised per process, which would make plans differ run to run.
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
            hash = (hash ^ c) * 16777619u;
        return hash;
    }
}
