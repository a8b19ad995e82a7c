using ProtoBuf.Meta;
using SmartHomeCam.NestLegacy.Protocol.Messages;
using SmartHomeCam.Testing;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>The committed nexustalk.proto (documentation of the wire format) is what the contracts generate.</summary>
public sealed class ProtoSchemaTests
{
    [Fact]
    public void The_committed_proto_file_matches_the_protobuf_net_contracts()
    {
        var path = RepositoryPaths.Inside("src", "SmartHomeCam.NestLegacy", "Protocol", "nexustalk.proto");
        var generated = Generate();
        if (Environment.GetEnvironmentVariable("UPDATE_NEXUSTALK_PROTO") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), "run with UPDATE_NEXUSTALK_PROTO=1 to write " + path);
        Assert.Equal(generated.ReplaceLineEndings("\n"), File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_schema_names_every_spec_message_with_its_field_numbers()
    {
        var proto = Generate();
        foreach (var name in new[] { "Hello", "AuthorizeRequest", "Ok", "StartPlayback", "StopPlayback", "PlaybackBegin", "Stream", "PlaybackPacket", "PlaybackEnd", "Error", "Redirect", "AudioPayload", "Talkback" })
        {
            Assert.Contains("message " + name + " {", proto, StringComparison.Ordinal);
        }

        Assert.Contains("sint32 timestamp_delta = 3;", proto, StringComparison.Ordinal);
        Assert.Contains("bool require_owner_server = 16;", proto, StringComparison.Ordinal);
        Assert.Contains("repeated StreamProfile other_profiles = 6 [packed = false];", proto, StringComparison.Ordinal);
    }

    private static string Generate()
    {
        var options = new SchemaGenerationOptions { Syntax = ProtoSyntax.Proto3, Package = "nexustalk" };
        foreach (var type in new[]
                 {
                     typeof(Hello), typeof(AuthorizeRequest), typeof(Ok), typeof(StartPlayback), typeof(StopPlayback), typeof(PlaybackBegin),
                     typeof(PlaybackPacket), typeof(PlaybackEnd), typeof(ErrorMessage), typeof(Redirect), typeof(AudioPayload), typeof(Talkback),
                     typeof(ErrorCode), typeof(PlaybackEndReason),
                 })
        {
            options.Types.Add(type);
        }

        return "// Generated from the protobuf-net contracts in Protocol/Messages by ProtoSchemaTests (UPDATE_NEXUSTALK_PROTO=1); do not edit.\n" +
            "// Wire format of Nest's nexustalk protocol (proto2-era; repeated scalars are sent unpacked).\n" +
            RuntimeTypeModel.Default.GetSchema(options);
    }
}
