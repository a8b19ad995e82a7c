namespace SmartHomeCam.WebRtc.Sdp;

/// <summary>One m= section of an offer or answer (RFC 8866 §5.14) with its attributes in order.</summary>
public sealed class SdpMedia
{
    public required string Kind { get; init; }

    public int Port { get; set; }

    public required string Protocol { get; init; }

    public required IReadOnlyList<string> Formats { get; init; }

    public List<SdpAttributeLine> Attributes { get; } = [];

    public string? Mid => Attribute("mid");

    /// <summary>The first value of attribute <paramref name="name"/>, or null.</summary>
    public string? Attribute(string name) => Attributes.Find(a => a.Name == name)?.Value;

    public IEnumerable<string> AttributeValues(string name) => Attributes.Where(a => a.Name == name).Select(a => a.Value ?? "");
}

/// <summary><c>a=name[:value]</c>.</summary>
public sealed record SdpAttributeLine(string Name, string? Value);
