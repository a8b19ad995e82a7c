using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace SmartHomeCam.WebRtc.Srtp;

/// <summary>
/// AES-128 counter mode on the CPU's AES instructions: the key schedule is expanded once per session key, and the
/// keystream is made four blocks at a time in registers and XORed straight into the packet. A general-purpose AES
/// call per packet (a cipher context, a key schedule, a keystream buffer) costs more than the encryption itself for
/// 1,200-byte SRTP packets, and every viewer pays it for every packet.
/// </summary>
internal sealed class AesNiCounterMode
{
    private RoundKeys keys;

    public AesNiCounterMode(ReadOnlySpan<byte> key)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-NI is not available.");
        }

        if (key.Length != 16)
        {
            throw new ArgumentException("AES-128 needs a 16-byte key.", nameof(key));
        }

        // FIPS 197 §5.2 with AESKEYGENASSIST; each round constant has to be an immediate.
        var k = Vector128.Create(key);
        keys[0] = k;
        keys[1] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x01));
        keys[2] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x02));
        keys[3] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x04));
        keys[4] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x08));
        keys[5] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x10));
        keys[6] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x20));
        keys[7] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x40));
        keys[8] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x80));
        keys[9] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x1B));
        keys[10] = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x36));
    }

    public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported;

    /// <summary>
    /// XORs the keystream of <paramref name="iv"/> into <paramref name="data"/>: block <c>b</c> encrypts the IV with
    /// <c>b</c> added to its last two bytes, modulo 2^16 (RFC 3711 §4.1.1).
    /// </summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var start = Vector128.Create(iv[..16]).AsUInt16();
        var low = (ushort)((iv[14] << 8) | iv[15]);
        ref var at = ref MemoryMarshal.GetReference(data);
        var length = (nuint)data.Length;
        nuint offset = 0;
        ushort block = 0;
        while (offset + 64 <= length)
        {
            Encrypt4(
                Counter(start, low, block), Counter(start, low, (ushort)(block + 1)), Counter(start, low, (ushort)(block + 2)), Counter(start, low, (ushort)(block + 3)),
                out var s0, out var s1, out var s2, out var s3);
            (Vector128.LoadUnsafe(ref at, offset) ^ s0).StoreUnsafe(ref at, offset);
            (Vector128.LoadUnsafe(ref at, offset + 16) ^ s1).StoreUnsafe(ref at, offset + 16);
            (Vector128.LoadUnsafe(ref at, offset + 32) ^ s2).StoreUnsafe(ref at, offset + 32);
            (Vector128.LoadUnsafe(ref at, offset + 48) ^ s3).StoreUnsafe(ref at, offset + 48);
            offset += 64;
            block += 4;
        }

        while (offset + 16 <= length)
        {
            (Vector128.LoadUnsafe(ref at, offset) ^ Encrypt(Counter(start, low, block))).StoreUnsafe(ref at, offset);
            offset += 16;
            block++;
        }

        if (offset < length)
        {
            Span<byte> last = stackalloc byte[16];
            Encrypt(Counter(start, low, block)).CopyTo(last);
            for (var i = 0; offset + (nuint)i < length; i++)
            {
                Unsafe.Add(ref at, offset + (nuint)i) ^= last[i];
            }
        }
    }

    private static Vector128<byte> NextRoundKey(Vector128<byte> previous, Vector128<byte> assist)
    {
        // w'0 = w0 ^ t, w'1 = w1 ^ w'0, …: XOR the key with itself shifted by one, two and three words, then the
        // substituted, rotated and round-constant word AESKEYGENASSIST left in its top lane, in every lane.
        var spread = Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();
        var shifted = Sse2.ShiftLeftLogical128BitLane(previous, 4);
        var key = previous ^ shifted;
        shifted = Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        key ^= shifted;
        shifted = Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        key ^= shifted;
        return key ^ spread;
    }

    /// <summary>The IV with <paramref name="block"/> added to its last 16 bits (big-endian), modulo 2^16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(Vector128<ushort> iv, ushort low, ushort block) =>
        iv.WithElement(7, System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((ushort)(low + block))).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<byte> Encrypt(Vector128<byte> block)
    {
        block ^= keys[0];
        for (var round = 1; round < 10; round++)
        {
            block = X86Aes.Encrypt(block, keys[round]);
        }

        return X86Aes.EncryptLast(block, keys[10]);
    }

    /// <summary>Four independent blocks interleaved, so the AES unit's latency overlaps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Encrypt4(
        Vector128<byte> c0, Vector128<byte> c1, Vector128<byte> c2, Vector128<byte> c3,
        out Vector128<byte> s0, out Vector128<byte> s1, out Vector128<byte> s2, out Vector128<byte> s3)
    {
        var k = keys[0];
        c0 ^= k;
        c1 ^= k;
        c2 ^= k;
        c3 ^= k;
        for (var round = 1; round < 10; round++)
        {
            k = keys[round];
            c0 = X86Aes.Encrypt(c0, k);
            c1 = X86Aes.Encrypt(c1, k);
            c2 = X86Aes.Encrypt(c2, k);
            c3 = X86Aes.Encrypt(c3, k);
        }

        k = keys[10];
        s0 = X86Aes.EncryptLast(c0, k);
        s1 = X86Aes.EncryptLast(c1, k);
        s2 = X86Aes.EncryptLast(c2, k);
        s3 = X86Aes.EncryptLast(c3, k);
    }

    [InlineArray(11)]
    private struct RoundKeys
    {
        private Vector128<byte> first;
    }
}
