using System.Security.Cryptography;
using SmartHomeCam.WebRtc.Srtp;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>
/// The AES-NI counter mode and the vectorised keystream XOR against plain references: RFC 3711 Appendix B.2, and the
/// same bytes as AES-ECB over counter blocks XORed byte by byte, for every length an SRTP packet can have.
/// </summary>
public class CounterModeTests
{
    private const string B2Key = "2B7E151628AED2A6ABF7158809CF4F3C";
    private const string B2Iv = "F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000";

    /// <summary>RFC 3711 B.2: the first three keystream blocks, and blocks 0xFEFF to 0xFF01.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Both_counter_modes_match_the_RFC3711_B2_keystream_up_to_block_FF01(bool allowNative)
    {
        using var cipher = new AesCounterMode(Convert.FromHexString(B2Key), allowNative);
        var stream = new byte[0xFF02 * 16];
        cipher.Keystream(Convert.FromHexString(B2Iv), stream);
        Assert.Equal(
            "E03EAD0935C95E80E166B16DD92B4EB4D23513162B02D0F72A43A2FE4A5F97AB41E95B3BB0A2E8DD477901E4FCA894C0",
            Convert.ToHexString(stream, 0, 48));
        Assert.Equal(
            "EC8CDF7398607CB0F2D21675EA9EA1E4362B7C3C6773516318A077D7FC5073AE6A2CC3787889374FBEB4C81B17BA6C44",
            Convert.ToHexString(stream, 0xFEFF * 16, 48));
    }

    [Fact]
    public void Native_counter_mode_is_used_where_the_cpu_has_aes_instructions()
    {
        using var cipher = new AesCounterMode(new byte[16]);
        Assert.Equal(AesNiCounterMode.IsSupported, cipher.IsNative);
    }

    /// <summary>Every length 0..1500, random keys, IVs (some whose counter wraps within the packet) and data.</summary>
    [Fact]
    public void Both_counter_modes_equal_ecb_over_counter_blocks_xored_byte_by_byte()
    {
        var random = new Random(3711);
        for (var length = 0; length <= 1500; length++)
        {
            var key = new byte[16];
            var iv = new byte[16];
            random.NextBytes(key);
            random.NextBytes(iv);
            if (length % 3 == 0)
            {
                iv[14] = 0xFF; // the 16-bit block counter wraps inside the packet
                iv[15] = (byte)(0xFF - (length % 7));
            }

            var data = new byte[length];
            random.NextBytes(data);
            var expected = Reference(key, iv, data);
            foreach (var allowNative in new[] { true, false })
            {
                using var cipher = new AesCounterMode(key, allowNative);
                var actual = (byte[])data.Clone();
                cipher.Apply(iv, actual);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"length {length}, native allowed {allowNative}");
            }
        }
    }

    [Fact]
    public void Vectorised_xor_equals_scalar_xor_for_every_length_and_offset()
    {
        var random = new Random(7);
        var keystream = new byte[1600];
        random.NextBytes(keystream);
        for (var length = 0; length <= 1500; length++)
        {
            foreach (var offset in new[] { 0, 1, 13 })
            {
                var data = new byte[length + offset];
                random.NextBytes(data);
                var expected = (byte[])data.Clone();
                for (var i = 0; i < length; i++)
                {
                    expected[offset + i] ^= keystream[i];
                }

                KeystreamXor.Apply(data.AsSpan(offset, length), keystream);
                Assert.True(expected.AsSpan().SequenceEqual(data), $"length {length}, offset {offset}");
            }
        }
    }

    [Fact]
    public void Xor_refuses_a_keystream_shorter_than_the_data()
    {
        Assert.Throws<ArgumentException>(() => KeystreamXor.Apply(new byte[17], new byte[16]));
    }

    /// <summary>RFC 3711 §4.1.1 spelled out: block b = AES(IV + b mod 2^16 in the last two bytes), XORed byte by byte.</summary>
    private static byte[] Reference(byte[] key, byte[] iv, byte[] data)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var output = (byte[])data.Clone();
        var counter = new byte[16];
        var block = new byte[16];
        for (var b = 0; b * 16 < data.Length; b++)
        {
            iv.CopyTo(counter, 0);
            var low = (ushort)(((iv[14] << 8) | iv[15]) + b);
            counter[14] = (byte)(low >> 8);
            counter[15] = (byte)low;
            aes.EncryptEcb(counter, block, PaddingMode.None);
            for (var i = 0; i < 16 && (b * 16) + i < data.Length; i++)
            {
                output[(b * 16) + i] ^= block[i];
            }
        }

        return output;
    }
}
