namespace ZeroTrust.Policy.Loading;

/// <summary>
/// Bad input: a file the engine cannot read as what it claims to be. Its message is one line naming the file and
/// position (or resource URN) and what to do; the CLI prints it and exits 2.
/// </summary>
public sealed class PolicyInputException : Exception
{
    public PolicyInputException(string message) : base(message) { }

    public PolicyInputException(string message, Exception inner) : base(message, inner) { }

    public PolicyInputException() { }
}
