namespace ZeroTrust.Policy.Blueprints;

/// <summary>Builds the ArgumentException every blueprint throws, so the bad field is always in ParamName and message.</summary>
public static class BlueprintErrors
{
    /// <summary>An error naming <paramref name="field"/> (e.g. "Ingress[1].FromPort"), what was wrong and what to do.</summary>
    public static ArgumentException Invalid(string field, string problem) => new($"{field}: {problem}", field);

    /// <summary>Throws <see cref="Invalid"/> unless <paramref name="ok"/>.</summary>
    public static void Require(bool ok, string field, string problem)
    {
        if (!ok) throw Invalid(field, problem);
    }
}
