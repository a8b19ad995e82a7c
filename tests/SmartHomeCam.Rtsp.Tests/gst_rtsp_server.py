#!/usr/bin/python3
"""A GStreamer RTSP server for the RTSP client tests and the benchmark.

Serves a live test pattern as H.264 (or H.265) with optional AAC (or G.711) audio on 127.0.0.1:<port><mount>, optionally
behind Digest authentication. Prints READY once listening and one line per client event (SETUP, PLAY,
TEARDOWN) on stdout, so tests can see what our client did from the server's side.
"""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
gi.require_version("GstRtsp", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def pipeline(args):
    caps = f"video/x-raw,width={args.width},height={args.height},framerate={args.fps}/1"
    video_src = f"videotestsrc is-live=true pattern={args.pattern} ! {caps} ! timeoverlay"
    if args.codec == "h265":
        video = f"{video_src} ! x265enc tune=zerolatency speed-preset=ultrafast key-int-max={args.gop} bitrate={args.bitrate} ! rtph265pay name=pay0 pt=96"
    else:
        video = (f"{video_src} ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={args.gop} bitrate={args.bitrate} "
                 f"! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval={args.config_interval}")
    audio = ""
    if args.audio and args.audio_codec == "pcmu":
        audio = (" audiotestsrc is-live=true wave=sine freq=440 ! audioconvert ! audioresample "
                 "! audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay name=pay1 pt=0")
    elif args.audio:
        audio = (" audiotestsrc is-live=true wave=sine freq=440 ! audioconvert ! audioresample "
                 "! audio/x-raw,rate=44100,channels=1 ! avenc_aac ! rtpmp4gpay name=pay1 pt=97")
    return f"( {video}{audio} )"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mount", default="/test")
    parser.add_argument("--codec", choices=["h264", "h265"], default="h264")
    parser.add_argument("--audio", action="store_true")
    parser.add_argument("--audio-codec", choices=["aac", "pcmu"], default="aac", help="with --audio: AAC (RFC 3640) or G.711 u-law")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--width", type=int, default=320)
    parser.add_argument("--height", type=int, default=240)
    parser.add_argument("--fps", type=int, default=25)
    parser.add_argument("--gop", type=int, default=25)
    parser.add_argument("--bitrate", type=int, default=300, help="kbit/s")
    parser.add_argument("--pattern", default="ball")
    parser.add_argument("--config-interval", type=int, default=0, help="rtph264pay: 0 = SPS/PPS only in the SDP")
    parser.add_argument("--shared", action="store_true", help="one encoder for all clients (benchmark)")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))

    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(pipeline(args))
    factory.set_shared(args.shared)

    if args.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "viewer")
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        auth.add_digest(args.user, args.password, token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_role_from_structure(Gst.Structure.new_from_string(
            "viewer, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"))
        factory.set_permissions(permissions)

    server.get_mount_points().add_factory(args.mount, factory)

    def on_client(_server, client):
        client.connect("setup-request", lambda _c, _ctx: print("SETUP", flush=True))
        client.connect("play-request", lambda _c, _ctx: print("PLAY", flush=True))
        client.connect("teardown-request", lambda _c, _ctx: print("TEARDOWN", flush=True))
        client.connect("closed", lambda _c: print("CLOSED", flush=True))

    server.connect("client-connected", on_client)
    if server.attach(None) == 0:
        print("could not listen", file=sys.stderr, flush=True)
        sys.exit(1)
    print("READY", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
