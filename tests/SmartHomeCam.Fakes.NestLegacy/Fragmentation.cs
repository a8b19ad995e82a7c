namespace SmartHomeCam.Fakes.NestLegacy;

/// <summary>How the fake cuts its outgoing bytes into writes / WebSocket messages (test double scenario h).</summary>
public enum Fragmentation
{
    /// <summary>One packet per write.</summary>
    None,

    /// <summary>Every packet cut at random offsets, headers included.</summary>
    Split,

    /// <summary>Several packets per write.</summary>
    Coalesced,

    /// <summary>One byte per write.</summary>
    SingleBytes,
}
