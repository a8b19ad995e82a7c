using System.Text;
using System.Text.Json;

namespace SmartHomeCam.Nest.Tests;

public sealed class SdmDeviceParserTests
{
    private const string Sample = """
        {"devices":[
         {"name":"enterprises/p/devices/d1","type":"sdm.devices.types.CAMERA",
          "traits":{"sdm.devices.traits.Info":{"customName":"My device"},
           "sdm.devices.traits.CameraLiveStream":{"videoCodecs":["H264"],"audioCodecs":["AAC"],"supportedProtocols":["RTSP"]}},
          "parentRelations":[{"parent":"enterprises/p/structures/s1/rooms/r","displayName":"Porch"}]},
         {"name":"enterprises/p/devices/d2","type":"sdm.devices.types.DOORBELL",
          "traits":{"sdm.devices.traits.Info":{"customName":""},
           "sdm.devices.traits.CameraLiveStream":{"supportedProtocols":["WEB_RTC"],"audioCodecs":["OPUS"]}},
          "parentRelations":[{"parent":"enterprises/p/structures/s1/rooms/r2","displayName":"Entryway"}]},
         {"name":"enterprises/p/devices/d3","type":"sdm.devices.types.DISPLAY",
          "traits":{"sdm.devices.traits.CameraLiveStream":{"supportedProtocols":["RTSP","WEB_RTC"]}}},
         {"name":"enterprises/p/devices/t1","type":"sdm.devices.types.THERMOSTAT","traits":{}},
         {"name":"enterprises/p/devices/d4","type":"sdm.devices.types.CAMERA","traits":{}}
        ]}
        """;

    [Fact]
    public void Cameras_doorbells_and_displays_are_listed_with_name_room_and_protocol()
    {
        var devices = SdmDeviceParser.ParseList(Sample);
        Assert.Equal(["d1", "d2", "d3"], devices.Select(d => d.DeviceId));
        Assert.Equal(("My device", "Porch", "s1", true, false, true), (devices[0].Name, devices[0].Room, devices[0].StructureId, devices[0].IsRtsp, devices[0].IsWebRtc, devices[0].HasAudio));
        // An empty customName falls back to the room.
        Assert.Equal(("Entryway", "Nest Doorbell", true, false), (devices[1].Name, devices[1].Model, devices[1].IsWebRtc, devices[1].HasAudio));
        // "If this field contains WEB_RTC, only WEB_RTC commands are supported."
        Assert.True(devices[2].IsWebRtc);
        Assert.False(devices[2].IsRtsp);
        Assert.Equal("Nest camera", devices[2].Name);
    }

    [Fact]
    public void No_devices_array_means_none_shared() => Assert.Empty(SdmDeviceParser.ParseList("{}"));

    [Fact]
    public void Random_and_truncated_input_never_throws_anything_but_a_json_error()
    {
        var random = new Random(20261130);
        var bytes = Encoding.UTF8.GetBytes(Sample);
        for (var i = 0; i < 3000; i++)
        {
            var mutated = bytes[..random.Next(bytes.Length)];
            if (i % 2 == 0)
            {
                mutated = (byte[])bytes.Clone();
                for (var k = 0; k < 4; k++)
                {
                    mutated[random.Next(mutated.Length)] = (byte)random.Next(32, 127);
                }
            }

            try
            {
                var list = SdmDeviceParser.ParseList(Encoding.UTF8.GetString(mutated));
                Assert.All(list, d => Assert.False(string.IsNullOrEmpty(d.DeviceId)));
            }
            catch (JsonException)
            {
                // malformed JSON is reported as such; nothing else may escape
            }
        }
    }
}
