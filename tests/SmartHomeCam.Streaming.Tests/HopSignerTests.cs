using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using SmartHomeCam.Streaming.ScaleOut;

namespace SmartHomeCam.Streaming.Tests;

public sealed class HopSignerTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_hop_verifies_only_for_its_method_and_path_within_the_skew()
    {
        var signer = new HopSigner(key, clock);
        var value = signer.Sign("GET", "/streams/t/seg5.ts");

        Assert.True(signer.Verify(value, "GET", "/streams/t/seg5.ts"));
        Assert.False(signer.Verify(value, "GET", "/streams/t/seg6.ts"));
        Assert.False(signer.Verify(value, "HEAD", "/streams/t/seg5.ts"));
        Assert.False(new HopSigner(RandomNumberGenerator.GetBytes(32), clock).Verify(value, "GET", "/streams/t/seg5.ts"));

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.False(signer.Verify(value, "GET", "/streams/t/seg5.ts"));
    }

    [Fact]
    public void Random_and_truncated_values_are_refused_without_throwing()
    {
        var signer = new HopSigner(key, clock);
        var valid = signer.Sign("GET", "/p");
        var random = new Random(13);
        for (var i = 0; i < 5_000; i++)
        {
            var candidate = (i % 3) switch
            {
                0 => valid[..random.Next(valid.Length)],
                1 => new string([.. Enumerable.Range(0, random.Next(80)).Select(_ => (char)random.Next(32, 127))]),
                _ => valid.Remove(random.Next(valid.Length), 1).Insert(random.Next(valid.Length - 1), ((char)random.Next(33, 127)).ToString()),
            };
            if (candidate != valid)
            {
                Assert.False(signer.Verify(candidate, "GET", "/p"), candidate);
            }
        }

        Assert.False(signer.Verify(null, "GET", "/p"));
        Assert.False(signer.Verify("99999999999999999999." + valid.Split('.')[1], "GET", "/p"));
    }
}
