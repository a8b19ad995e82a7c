using System.Security.Cryptography;

namespace SmartHomeCam.WebRtc.Srtp;

/// <summary>
/// AES-128 in counter mode as SRTP uses it (RFC 3711 §4.1.1): the 16-byte IV is the first counter block and its
/// last two bytes count blocks. One instance per session key, used by one thread (an SRTP context's owner): on
/// CPUs with AES instructions <see cref="AesNiCounterMode"/>; elsewhere ECB over counter blocks in one call into a
/// keystream buffer kept for the next packet, XORed a vector at a time.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    private readonly AesNiCounterMode? native;
    private readonly System.Security.Cryptography.Aes? portable;
    private byte[] counters = [];
    private byte[] keystream = [];

    public AesCounterMode(ReadOnlySpan<byte> key, bool allowNative = true)
    {
        if (allowNative && AesNiCounterMode.IsSupported)
        {
            native = new AesNiCounterMode(key);
        }
        else
        {
            portable = System.Security.Cryptography.Aes.Create();
            portable.Key = key.ToArray();
        }
    }

    /// <summary>True when the CPU's AES instructions make the keystream.</summary>
    public bool IsNative => native is not null;

    /// <summary>XORs the keystream of <paramref name="iv"/> into <paramref name="data"/>.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != 16)
        {
            throw new ArgumentException("The counter-mode IV is 16 bytes.", nameof(iv));
        }

        if (native is not null)
        {
            native.Apply(iv, data);
            return;
        }

        var size = (data.Length + 15) & ~15;
        if (counters.Length < size)
        {
            counters = new byte[Math.Max(size, 2048)];
            keystream = new byte[counters.Length];
        }

        var blocks = counters.AsSpan(0, size);
        var low = (iv[14] << 8) | iv[15];
        for (var b = 0; b < size / 16; b++)
        {
            var block = blocks.Slice(b * 16, 16);
            iv.CopyTo(block);
            var counter = (ushort)(low + b);
            block[14] = (byte)(counter >> 8);
            block[15] = (byte)counter;
        }

        portable!.EncryptEcb(blocks, keystream.AsSpan(0, size), PaddingMode.None);
        KeystreamXor.Apply(data, keystream);
    }

    /// <summary>Writes the keystream itself (the data all zero), as the key derivation of RFC 3711 §4.3 uses it.</summary>
    public void Keystream(ReadOnlySpan<byte> iv, Span<byte> output)
    {
        output.Clear();
        Apply(iv, output);
    }

    public void Dispose()
    {
        portable?.Dispose();
        CryptographicOperations.ZeroMemory(keystream);
    }
}
