using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SmartHomeCam.WebRtc.Srtp;

/// <summary>
/// One direction of SRTP_AES128_CM_HMAC_SHA1_80 (RFC 3711, RFC 5764 §4.1.2): RTP and RTCP session keys derived
/// from one master key and salt; protect for sending, unprotect (with ROC estimation and replay window) for
/// receiving. Not thread-safe: a peer's send loop owns its outbound context and its receive loop the other.
/// </summary>
public sealed class SrtpContext : IDisposable
{
    public const int TagLength = 10;
    public const int SrtcpTrailerLength = 4 + TagLength;

    private readonly AesCounterMode rtpCipher;
    private readonly AesCounterMode rtcpCipher;
    private readonly IncrementalHash rtpAuth;
    private readonly IncrementalHash rtcpAuth;
    private readonly byte[] rtpSalt = new byte[14];
    private readonly byte[] rtcpSalt = new byte[14];
    private readonly Dictionary<uint, StreamState> streams = [];
    private uint rtcpIndex;

    public SrtpContext(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        Span<byte> key = stackalloc byte[16];
        Span<byte> auth = stackalloc byte[20];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryption, key);
        rtpCipher = new AesCounterMode(key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthentication, auth);
        rtpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, auth);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSalt, rtpSalt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpEncryption, key);
        rtcpCipher = new AesCounterMode(key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpAuthentication, auth);
        rtcpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, auth);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpSalt, rtcpSalt);
        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(auth);
    }

    /// <summary>
    /// Encrypts the RTP packet in <paramref name="buffer"/>[..<paramref name="length"/>] in place and appends the
    /// tag; returns the SRTP length. The buffer needs <see cref="TagLength"/> spare bytes.
    /// </summary>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        var header = RtpHeaderLength(buffer[..length]);
        if (header < 0 || buffer.Length < length + TagLength)
        {
            throw new ArgumentException("Not an RTP packet, or no room for the tag.");
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        var state = State(ssrc);
        if (state.Started && sequence < state.HighestSequence && state.HighestSequence - sequence > 0x8000)
        {
            state.Roc++; // the sequence number wrapped
        }

        if (!state.Started || Newer(sequence, state.HighestSequence))
        {
            state.HighestSequence = sequence;
        }

        state.Started = true;
        var index = ((long)state.Roc << 16) | sequence;
        ApplyRtpCipher(buffer[header..length], ssrc, index);

        // The tag covers packet || ROC (RFC 3711 §4.2): the ROC goes where the tag will be, so one call hashes both.
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], state.Roc);
        Span<byte> mac = stackalloc byte[20];
        rtpAuth.AppendData(buffer[..(length + 4)]);
        rtpAuth.GetHashAndReset(mac);
        mac[..TagLength].CopyTo(buffer[length..]);
        return length + TagLength;
    }

    /// <summary>Checks and decrypts an SRTP packet in place; returns the RTP length, or -1 (bad tag, replay, malformed).</summary>
    public int UnprotectRtp(Span<byte> packet)
    {
        var length = packet.Length - TagLength;
        var header = length > 0 ? RtpHeaderLength(packet[..length]) : -1;
        if (header < 0)
        {
            return -1;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var state = State(ssrc);
        var roc = EstimateRoc(state, sequence);
        var index = ((long)roc << 16) | sequence;
        if (!state.Replay.Check(index))
        {
            return -1;
        }

        Span<byte> tag = stackalloc byte[TagLength];
        Authenticate(rtpAuth, packet[..length], roc, tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, packet.Slice(length, TagLength)))
        {
            return -1;
        }

        state.Replay.Accept(index);
        if (!state.Started || roc > state.Roc || (roc == state.Roc && Newer(sequence, state.HighestSequence)))
        {
            state.Roc = roc;
            state.HighestSequence = sequence;
        }

        state.Started = true;
        ApplyRtpCipher(packet[header..length], ssrc, index);
        return length;
    }

    /// <summary>Encrypts a compound RTCP packet in place and appends E|index and the tag (RFC 3711 §3.4).</summary>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        if (length < 8 || buffer.Length < length + SrtcpTrailerLength)
        {
            throw new ArgumentException("Not an RTCP packet, or no room for the SRTCP trailer.");
        }

        var index = rtcpIndex;
        rtcpIndex = (rtcpIndex + 1) & 0x7FFFFFFF;
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        ApplyCipher(rtcpCipher, rtcpSalt, buffer[8..length], ssrc, index);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], 0x80000000u | index);
        rtcpAuth.AppendData(buffer[..(length + 4)]);
        Span<byte> mac = stackalloc byte[20];
        rtcpAuth.GetHashAndReset(mac);
        mac[..TagLength].CopyTo(buffer[(length + 4)..]);
        return length + SrtcpTrailerLength;
    }

    /// <summary>Checks and decrypts an SRTCP packet in place; returns the RTCP length, or -1.</summary>
    public int UnprotectRtcp(Span<byte> packet)
    {
        var length = packet.Length - SrtcpTrailerLength;
        if (length < 8)
        {
            return -1;
        }

        Span<byte> mac = stackalloc byte[20];
        rtcpAuth.AppendData(packet[..(length + 4)]);
        rtcpAuth.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..TagLength], packet.Slice(length + 4, TagLength)))
        {
            return -1;
        }

        var word = BinaryPrimitives.ReadUInt32BigEndian(packet[length..]);
        var index = word & 0x7FFFFFFF;
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        var state = State(ssrc);
        if (!state.RtcpReplay.Check(index))
        {
            return -1;
        }

        state.RtcpReplay.Accept(index);
        if ((word & 0x80000000) != 0)
        {
            ApplyCipher(rtcpCipher, rtcpSalt, packet[8..length], ssrc, index);
        }

        return length;
    }

    public void Dispose()
    {
        rtpCipher.Dispose();
        rtcpCipher.Dispose();
        rtpAuth.Dispose();
        rtcpAuth.Dispose();
    }

    /// <summary>Header length (fixed part, CSRCs, extension) of an RTP packet; -1 when it is not one.</summary>
    public static int RtpHeaderLength(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || (packet[0] >> 6) != 2)
        {
            return -1;
        }

        var length = 12 + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return -1;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        return length <= packet.Length ? length : -1;
    }

    /// <summary>RFC 3711 §3.3.1: the ROC that puts <paramref name="sequence"/> closest to the highest seen.</summary>
    private static uint EstimateRoc(StreamState state, ushort sequence)
    {
        if (!state.Started)
        {
            return 0;
        }

        var s = state.HighestSequence;
        var roc = state.Roc;
        if (s < 0x8000)
        {
            return sequence - s > 0x8000 && roc > 0 ? roc - 1 : roc;
        }

        return s - 0x8000 > sequence ? roc + 1 : roc;
    }

    private static bool Newer(ushort a, ushort b) => a != b && (ushort)(a - b) < 0x8000;

    private void ApplyRtpCipher(Span<byte> payload, uint ssrc, long index) => ApplyCipher(rtpCipher, rtpSalt, payload, ssrc, index);

    /// <summary>IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16) (RFC 3711 §4.1.1).</summary>
    private static void ApplyCipher(AesCounterMode cipher, byte[] salt, Span<byte> payload, uint ssrc, long index)
    {
        Span<byte> iv = stackalloc byte[16];
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (var i = 0; i < 6; i++)
        {
            iv[8 + i] ^= (byte)(index >> (40 - (8 * i)));
        }

        cipher.Apply(iv, payload);
    }

    private static void Authenticate(IncrementalHash hmac, ReadOnlySpan<byte> packet, uint roc, Span<byte> tag)
    {
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        hmac.AppendData(packet);
        hmac.AppendData(rocBytes);
        Span<byte> mac = stackalloc byte[20];
        hmac.GetHashAndReset(mac);
        mac[..TagLength].CopyTo(tag);
    }

    private StreamState State(uint ssrc)
    {
        if (!streams.TryGetValue(ssrc, out var state))
        {
            if (streams.Count >= 64)
            {
                streams.Clear(); // a flood of invented SSRCs must not grow this without bound
            }

            state = new StreamState();
            streams[ssrc] = state;
        }

        return state;
    }

    private sealed class StreamState
    {
        public bool Started;
        public uint Roc;
        public ushort HighestSequence;
        public readonly ReplayWindow Replay = new();
        public readonly ReplayWindow RtcpReplay = new();
    }
}
