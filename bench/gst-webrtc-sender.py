#!/usr/bin/python3
"""GStreamer's webrtcbin as the baseline sender of `bench/run webrtc-density`.

One pipeline: the H.264 file (looped, paced to the clock) -> h264parse -> rtph264pay (config-interval=-1, MTU 1200)
-> tee -> one queue + webrtcbin (max-bundle) per viewer. Signalling over local HTTP: POST /offer with the offer's SDP
as the body answers with the complete answer, sent once ICE gathering has completed (no trickle, as our service
answers). Prints READY <port> once the pipeline plays, and one line per viewer state change worth knowing (FAILED).
"""
import argparse
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstSdp", "1.0")
gi.require_version("GstWebRTC", "1.0")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

PAYLOAD_TYPE = 96


class Sender:
    def __init__(self, path, fps, payload_type):
        # multifilesrc loops the raw stream; h264parse gives each access unit a DTS on the frame clock, which
        # carries on across loops; without B-frames PTS = DTS (set in the probe below); clocksync paces to real time.
        self.pipeline = Gst.parse_launch(
            f"multifilesrc location={path} loop=true caps=video/x-h264,stream-format=byte-stream,framerate={fps}/1 "
            "! h264parse name=parse ! video/x-h264,alignment=au ! clocksync "
            f"! rtph264pay config-interval=-1 mtu=1200 pt={payload_type} aggregate-mode=zero-latency "
            "! tee name=tee allow-not-linked=true")
        self.pipeline.get_by_name("parse").get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, self._pts_from_dts)
        self.tee = self.pipeline.get_by_name("tee")
        self.caps = Gst.Caps.from_string(
            f"application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload={payload_type},packetization-mode=(string)1")
        self.lock = threading.Lock()
        self.viewers = 0

    @staticmethod
    def _pts_from_dts(_pad, info):
        buffer = info.get_buffer()
        if buffer.pts == Gst.CLOCK_TIME_NONE:
            buffer.pts = buffer.dts
        return Gst.PadProbeReturn.OK

    def play(self):
        bus = self.pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect("message::error", lambda _b, m: print("ERROR", m.parse_error(), file=sys.stderr, flush=True))
        bus.connect("message::warning", lambda _b, m: print("WARNING", m.parse_warning(), file=sys.stderr, flush=True))
        self.pipeline.set_state(Gst.State.PLAYING)
        self.pipeline.get_state(Gst.CLOCK_TIME_NONE)

    def answer(self, offer_text, timeout=15.0):
        with self.lock:
            self.viewers += 1
            name = f"viewer{self.viewers}"
        queue = Gst.ElementFactory.make("queue", f"{name}-queue")
        # A viewer that stalls must not hold the others back (a real display can be slow too).
        queue.set_property("leaky", 2)
        queue.set_property("max-size-buffers", 400)
        webrtc = Gst.ElementFactory.make("webrtcbin", name)
        webrtc.set_property("bundle-policy", GstWebRTC.WebRTCBundlePolicy.MAX_BUNDLE)
        gathered = threading.Event()
        webrtc.connect("notify::ice-gathering-state", lambda w, _p: w.get_property("ice-gathering-state") == GstWebRTC.WebRTCICEGatheringState.COMPLETE and gathered.set())
        webrtc.connect("notify::connection-state", self._on_state)
        # A send-only video transceiver whose codec is the one payload type we send (the offer's profiles all fit:
        # packetization-mode 1, level asymmetry allowed), so the answer is sendonly on that payload type.
        # webrtcbin makes the transceiver's sink pad once the description is applied; the branch is linked then.
        webrtc.emit("add-transceiver", GstWebRTC.WebRTCRTPTransceiverDirection.SENDONLY, self.caps)
        with self.lock:
            self.pipeline.add(queue)
            self.pipeline.add(webrtc)
            webrtc.sync_state_with_parent()

        _, sdp = GstSdp.SDPMessage.new_from_text(offer_text)
        offer = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.OFFER, sdp)
        promise = Gst.Promise.new()
        webrtc.emit("set-remote-description", offer, promise)
        promise.wait()
        promise = Gst.Promise.new()
        webrtc.emit("create-answer", None, promise)
        promise.wait()
        reply = promise.get_reply()
        answer = reply.get_value("answer") if reply is not None and reply.has_field("answer") else None
        if answer is None:
            raise RuntimeError(f"webrtcbin made no answer: {reply.to_string() if reply else 'no reply'}")
        promise = Gst.Promise.new()
        webrtc.emit("set-local-description", answer, promise)
        promise.wait()

        sink = next((pad for pad in webrtc.sinkpads if not pad.is_linked()), None)
        if sink is None:
            raise RuntimeError("webrtcbin made no sink pad for the transceiver")
        with self.lock:
            queue.get_static_pad("src").link(sink)
            queue.sync_state_with_parent()
            self.tee.request_pad_simple("src_%u").link(queue.get_static_pad("sink"))

        if not gathered.wait(timeout) and webrtc.get_property("ice-gathering-state") != GstWebRTC.WebRTCICEGatheringState.COMPLETE:
            raise RuntimeError("ICE gathering did not complete")
        return webrtc.get_property("local-description").sdp.as_text()

    @staticmethod
    def _on_state(webrtc, _param):
        state = webrtc.get_property("connection-state")
        if state == GstWebRTC.WebRTCPeerConnectionState.FAILED:
            print(f"FAILED {webrtc.get_name()}", flush=True)


def serve(sender, port):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
            try:
                answer = sender.answer(body).encode()
                self.send_response(200)
            except Exception as error:  # noqa: BLE001 (any failure is the benchmark's to report)
                answer = str(error).encode()
                self.send_response(500)
            self.send_header("Content-Type", "application/sdp")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True, help="raw H.264 (Annex B), no B-frames")
    parser.add_argument("--fps", type=int, default=25)
    parser.add_argument("--port", type=int, default=0, help="HTTP signalling port on 127.0.0.1; 0 = any")
    parser.add_argument("--payload-type", type=int, default=PAYLOAD_TYPE)
    args = parser.parse_args()

    Gst.init(None)
    sender = Sender(args.input, args.fps, args.payload_type)
    sender.play()
    port = serve(sender, args.port)
    print(f"READY {port}", flush=True)
    loop = GLib.MainLoop()
    # Ends when the benchmark closes our stdin (or kills us).
    GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.PRIORITY_DEFAULT, GLib.IO_HUP | GLib.IO_IN,
                      lambda *_: (loop.quit(), False)[1])
    loop.run()
    sender.pipeline.set_state(Gst.State.NULL)


if __name__ == "__main__":
    main()
