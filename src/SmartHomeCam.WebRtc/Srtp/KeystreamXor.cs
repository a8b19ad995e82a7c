using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SmartHomeCam.WebRtc.Srtp;

/// <summary>XORs a keystream into data a vector at a time (the portable counter mode's last step).</summary>
internal static class KeystreamXor
{
    /// <summary><paramref name="data"/>[i] ^= <paramref name="keystream"/>[i] for every byte of <paramref name="data"/>.</summary>
    public static void Apply(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        if (keystream.Length < data.Length)
        {
            throw new ArgumentException("The keystream is shorter than the data.", nameof(keystream));
        }

        ref var d = ref MemoryMarshal.GetReference(data);
        ref var k = ref MemoryMarshal.GetReference(keystream);
        var length = (nuint)data.Length;
        nuint i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= length; i += 32)
            {
                (Vector256.LoadUnsafe(ref d, i) ^ Vector256.LoadUnsafe(ref k, i)).StoreUnsafe(ref d, i);
            }
        }

        for (; i + 16 <= length; i += 16)
        {
            (Vector128.LoadUnsafe(ref d, i) ^ Vector128.LoadUnsafe(ref k, i)).StoreUnsafe(ref d, i);
        }

        for (; i < length; i++)
        {
            data[(int)i] ^= keystream[(int)i];
        }
    }
}
