namespace SmartHomeCam.WebRtc.Rtcp;

/// <summary>What a sender acts on in a compound RTCP packet from its receiver.</summary>
public interface IRtcpFeedbackHandler
{
    /// <summary>PLI (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1) for <paramref name="mediaSsrc"/>: send a key frame.</summary>
    void OnKeyFrameRequest(uint mediaSsrc);

    /// <summary>Generic NACK (RFC 4585 §6.2.1): the sequence numbers lost.</summary>
    void OnNack(uint mediaSsrc, ushort sequence);

    /// <summary>BYE (RFC 3550 §6.6).</summary>
    void OnBye();
}
