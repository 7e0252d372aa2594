namespace ZeroTrust.Policy.Loading;

/// <summary>The document shapes the engine reads.</summary>
public enum StackFormat
{
    /// <summary><c>pulumi preview --json</c>: <c>steps[].newState</c>.</summary>
    Preview,

    /// <summary><c>pulumi stack export</c>: <c>deployment.resources[]</c>.</summary>
    Export,

    /// <summary>The older checkpoint form: <c>checkpoint.latest.resources[]</c>.</summary>
    Checkpoint,

    /// <summary>A plain resource list (an array, or <c>{"resources": [...]}</c>), as tests capture from mocks.</summary>
    ResourceList,
}
