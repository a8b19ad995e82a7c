using SmartHomeCam.Streaming.ScaleOut;

namespace SmartHomeCam.Streaming.Tests;

public sealed class OwnerRecordTests
{
    [Fact]
    public void A_record_round_trips_and_malformed_ones_are_ignored()
    {
        var record = new OwnerRecord("dev", 42, "host-abc", new Uri("http://10.1.2.3:8080/"));
        Assert.Equal(record, OwnerRecord.TryParse("dev", record.Format()));

        foreach (var bad in new[] { null, "", "42", "42 host", "x host http://a/", "42 host ftp://a/", "42 host notaurl", "-1 host http://a/", "42  http://a/" })
        {
            Assert.Null(OwnerRecord.TryParse("dev", bad));
        }

        var random = new Random(7);
        var text = record.Format();
        for (var i = 0; i < 2_000; i++)
        {
            var mutated = text[..random.Next(text.Length)] + (char)random.Next(0, 0x3000);
            _ = OwnerRecord.TryParse("dev", mutated); // never throws
        }
    }
}
