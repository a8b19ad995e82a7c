using System.Text;
using SmartHomeCam.Fakes.Nest;
using SmartHomeCam.Nest.Events;

namespace SmartHomeCam.Nest.Tests;

public sealed class PubSubPullParserTests
{
    private static string Sample()
    {
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            FakePubSubPusher.ResourceEvent("e-1", DateTimeOffset.Parse("2026-01-01T00:00:01Z", System.Globalization.CultureInfo.InvariantCulture), "d1", "STARTED",
                (FakePubSubPusher.Chime, "s1")).ToJsonString()));
        return "{\"receivedMessages\":[{\"ackId\":\"a1\",\"message\":{\"data\":\"" + data + "\",\"messageId\":\"1\"},\"deliveryAttempt\":2},"
            + "{\"ackId\":\"a2\",\"message\":{\"data\":\"%%%\"}},{\"message\":{\"data\":\"\"}}]}";
    }

    [Fact]
    public void A_pull_answer_yields_ack_ids_with_their_events_and_a_bad_message_still_has_its_ack_id()
    {
        var pulled = PubSubClient.ParsePull(Sample());
        Assert.Equal(["a1", "a2"], pulled.Select(p => p.AckId));
        Assert.Equal("d1", pulled[0].Message!.DeviceId);
        Assert.Equal(2, pulled[0].DeliveryAttempt);
        Assert.Null(pulled[1].Message);
        Assert.Empty(PubSubClient.ParsePull("{}"));
    }

    [Fact]
    public void Truncated_or_mutated_pull_answers_never_throw_anything_but_a_bad_answer()
    {
        var sample = Encoding.UTF8.GetBytes(Sample());
        var random = new Random(9);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = sample[..random.Next(sample.Length + 1)];
            if (i % 2 == 1 && bytes.Length > 0)
            {
                bytes = (byte[])sample.Clone();
                for (var k = 0; k < 4; k++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            try
            {
                foreach (var p in PubSubClient.ParsePull(Encoding.UTF8.GetString(bytes)))
                {
                    Assert.False(string.IsNullOrEmpty(p.AckId));
                }
            }
            catch (SdmApiException e)
            {
                Assert.Equal("BAD_ANSWER", e.Status);
            }
        }
    }
}
