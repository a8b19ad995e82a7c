namespace SmartHomeCam.Media.Rtp;

/// <summary>Receives one complete H.264 access unit in Annex B form; the span is valid only during the call.</summary>
public delegate void AccessUnitHandler(ReadOnlySpan<byte> accessUnit, uint rtpTimestamp, bool isKeyframe, bool discontinuity);

/// <summary>Receives one ADTS AAC frame; the span is valid only during the call.</summary>
public delegate void AudioFrameHandler(ReadOnlySpan<byte> adtsFrame, uint rtpTimestamp, bool discontinuity);
