namespace ZeroTrust.Policy.Pack.Tests;

/// <summary>The backstop that keeps secret values out of diagnostics whatever a rule printed.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public void Scrub_replaces_every_occurrence_of_each_secret()
    {
        var secrets = new HashSet<string> { "hunter2-token", "AKIAEXAMPLE" };

        var scrubbed = Diagnostics.Scrub("key AKIAEXAMPLE and hunter2-token, again hunter2-token", secrets);

        Assert.Equal("key [secret] and [secret], again [secret]", scrubbed);
    }

    [Fact]
    public void Secret_strings_are_collected_from_nested_wrappers_only()
    {
        var properties = EngineRequests.Properties(
            $$$"""{"plain": "visible-value", "nested": {"list": [{"{{{Model.PulumiSentinels.SecretSignatureKey}}}": "{{{Model.PulumiSentinels.SecretSignatureValue}}}", "value": {"a": "deep-secret", "b": "abc"}}]}}""");
        var secrets = new HashSet<string>();

        StructJson.CollectSecretStrings(properties, secrets);

        // "abc" is shorter than the scrubbed minimum: scrubbing it would mangle ordinary words.
        Assert.Equal(["deep-secret"], secrets);
    }
}
