namespace ZeroTrust.Policy.Pack;

/// <summary>What the engine told the pack at start-up; the configuration is swapped whole, never mutated.</summary>
internal sealed class PackState(PackConfiguration configuration)
{
    private volatile PackConfiguration _configuration = configuration;

    public PackConfiguration Configuration
    {
        get => _configuration;
        set => _configuration = value;
    }

    public string? EngineAddress { get; set; }

    public string? Stack { get; set; }
}
