using System.Text;
using SmartHomeCam.Fakes.Nest;
using SmartHomeCam.Nest.Events;

namespace SmartHomeCam.Nest.Tests;

public sealed class SdmEventParserTests
{
    [Fact]
    public void A_push_envelope_with_merged_events_is_read()
    {
        var at = DateTimeOffset.Parse("2026-11-30T10:00:01Z", System.Globalization.CultureInfo.InvariantCulture);
        var payload = FakePubSubPusher.ResourceEvent("e-1", at, "dev-9", "STARTED",
            (FakePubSubPusher.Chime, "sess-1"), (FakePubSubPusher.Person, "sess-1"), ("sdm.devices.events.Future.Thing", "x"));
        var message = SdmEventParser.ParsePush(Encoding.UTF8.GetBytes(FakePubSubPusher.Envelope(payload)))!;
        Assert.Equal(("e-1", at, "dev-9", "STARTED"), (message.EventId, message.Timestamp, message.DeviceId, message.ThreadState));
        Assert.Equal([FakePubSubPusher.Chime, FakePubSubPusher.Person, "sdm.devices.events.Future.Thing"], message.Events.Select(e => e.Key));
        Assert.All(message.Events.Take(2), e => Assert.Equal("sess-1", e.EventSessionId));
        Assert.False(message.IsRelationUpdate);
    }

    [Fact]
    public void Trait_and_relation_updates_are_read()
    {
        var now = DateTimeOffset.UtcNow;
        var trait = SdmEventParser.ParsePayload(FakePubSubPusher.TraitEvent("t", now, "d", online: false).ToJsonString())!;
        Assert.False(trait.Online);
        var relation = SdmEventParser.ParsePayload(FakePubSubPusher.RelationEvent("r", now, "d").ToJsonString())!;
        Assert.True(relation.IsRelationUpdate);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"message\":{}}")]
    [InlineData("{\"message\":{\"data\":\"not base64!\"}}")]
    [InlineData("{\"message\":{\"data\":\"e30=\"}}")]
    public void Malformed_pushes_are_null(string body) => Assert.Null(SdmEventParser.ParsePush(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Random_and_truncated_pushes_never_throw()
    {
        var random = new Random(7);
        var payload = FakePubSubPusher.ResourceEvent("e-2", DateTimeOffset.UtcNow, "dev", "ENDED", (FakePubSubPusher.Motion, "s"));
        var envelope = Encoding.UTF8.GetBytes(FakePubSubPusher.Envelope(payload));
        var inner = Encoding.UTF8.GetBytes(payload.ToJsonString());
        for (var i = 0; i < 5000; i++)
        {
            var source = i % 2 == 0 ? envelope : inner;
            var bytes = source[..random.Next(source.Length + 1)];
            if (i % 3 == 0 && bytes.Length > 0)
            {
                bytes = (byte[])bytes.Clone();
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            _ = i % 2 == 0 ? SdmEventParser.ParsePush(bytes) : SdmEventParser.ParsePayload(bytes);
        }
    }
}
