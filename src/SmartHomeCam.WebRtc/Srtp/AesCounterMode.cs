using System.Buffers;
using System.Security.Cryptography;

namespace SmartHomeCam.WebRtc.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): the 16-byte IV is the first counter block and its
/// last two bytes count blocks. The keystream is made with ECB over counter blocks in one call.
/// </summary>
internal static class AesCounterMode
{
    /// <summary>XORs the keystream into <paramref name="data"/> (or writes it when <paramref name="zeroInput"/>).</summary>
    public static void Apply(Aes aes, ReadOnlySpan<byte> iv, Span<byte> data, bool zeroInput = false)
    {
        var blocks = (data.Length + 15) / 16;
        var size = blocks * 16;
        var rented = ArrayPool<byte>.Shared.Rent(size * 2);
        try
        {
            var counters = rented.AsSpan(0, size);
            var stream = rented.AsSpan(size, size);
            for (var b = 0; b < blocks; b++)
            {
                var block = counters.Slice(b * 16, 16);
                iv.CopyTo(block);
                var low = (ushort)((iv[14] << 8 | iv[15]) + b);
                block[14] = (byte)(low >> 8);
                block[15] = (byte)low;
            }

            aes.EncryptEcb(counters, stream, PaddingMode.None);
            if (zeroInput)
            {
                stream[..data.Length].CopyTo(data);
                return;
            }

            for (var i = 0; i < data.Length; i++)
            {
                data[i] ^= stream[i];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
