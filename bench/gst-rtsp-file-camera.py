#!/usr/bin/python3
"""The camera of `bench/run webrtc-density`: GStreamer's RTSP server playing one H.264 file in a loop, in real time.

rtsp://127.0.0.1:<port>/camera; the file (raw H.264, no B-frames) is read by multifilesrc in a loop, h264parse
stamps each access unit on the frame clock (carried on across loops; PTS = DTS without B-frames), clocksync paces
it, rtph264pay sends SPS/PPS before every IDR. Shared media: one reader whatever the number of clients.
Prints READY once listening; ends when stdin closes.
"""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def pts_from_dts(_pad, info):
    buffer = info.get_buffer()
    if buffer.pts == Gst.CLOCK_TIME_NONE:
        buffer.pts = buffer.dts
    return Gst.PadProbeReturn.OK


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--fps", type=int, default=25)
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        f"( multifilesrc location={args.input} loop=true caps=video/x-h264,stream-format=byte-stream,framerate={args.fps}/1 "
        "! h264parse name=parse ! video/x-h264,alignment=au ! clocksync "
        "! rtph264pay name=pay0 pt=96 config-interval=-1 )")
    factory.set_shared(True)
    factory.connect("media-configure", lambda _f, media: media.get_element().get_by_name("parse")
                    .get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, pts_from_dts))
    server.get_mount_points().add_factory("/camera", factory)
    if server.attach(None) == 0:
        print("could not listen", file=sys.stderr, flush=True)
        sys.exit(1)
    print("READY", flush=True)
    loop = GLib.MainLoop()
    GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.PRIORITY_DEFAULT, GLib.IO_HUP | GLib.IO_IN,
                      lambda *_: (loop.quit(), False)[1])
    loop.run()


if __name__ == "__main__":
    main()
