namespace ZeroTrust.Policy.Cli;

/// <summary>The CLI's exit codes, as CI gates read them.</summary>
public static class ExitCodes
{
    /// <summary>Nothing at or above the gate.</summary>
    public const int Clean = 0;

    /// <summary>Unsuppressed findings at or above <c>--fail-on</c> (or cannot-verify ones under <c>--strict</c>).</summary>
    public const int Findings = 1;

    /// <summary>Bad input or usage: unknown option or format, missing or unreadable file, malformed document.</summary>
    public const int BadInput = 2;
}
