namespace ZeroTrust.Policy.Rules;

/// <summary>How bad a finding is; <c>--fail-on</c> compares against it.</summary>
public enum Severity
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
