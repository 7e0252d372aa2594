namespace ZeroTrust.Policy.Cli;

/// <summary>A usage mistake found after parsing (an unknown rule id, an unwritable output path): one line, exit 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message) { }

    public UsageException(string message, Exception inner) : base(message, inner) { }

    public UsageException() { }
}
