#!/usr/bin/env python3
"""Google's side of a Nest WEB_RTC stream for tests, played by aiortc (an implementation nobody here wrote).

Line protocol on stdin/stdout, one JSON object per line:
  {"op":"offer","id":S,"sdp":OFFER,"lifetime":SECONDS,"drop":FRACTION,"rtxQuirks":true,"audio":false}
      -> {"id":S,"answer":SDP} (munged with Google's quirks, nest-sdm spec section 5) or {"id":S,"error":TEXT}
  {"op":"extend","id":S,"lifetime":SECONDS}   -> {"id":S,"ok":true}
  {"op":"stop","id":S}                        -> {"id":S,"ok":true}
Events: {"event":"pli","id":S}, {"event":"connected","id":S}, {"event":"ended","id":S,"reason":R}.
Media: 320x240 H.264 at 15 fps, generated (a moving gradient with the frame number), a key frame only when one
is asked for (PLI) or every 20 s, so key-frame requests matter. With "audio": a 440 Hz tone, 20 ms Opus packets
encoded by aiortc (as a Nest camera's microphone would send). The media stops at expiry unless extended.
"""
import asyncio
import fractions
import json
import random
import re
import sys
import time

import aioice.ice
import av
import numpy
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription, VideoStreamTrack
from aiortc.codecs import h264
from aiortc.mediastreams import AudioStreamTrack
from aiortc.rtcdtlstransport import RTCDtlsTransport
from aiortc.rtcrtpsender import RTCRtpSender

FPS = 15
WIDTH, HEIGHT = 320, 240

# The fake lives on loopback: aioice leaves 127.0.0.1 out of its host candidates.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]


def _encoder_context(codec_name, width, height, bitrate):
    codec = av.CodecContext.create(codec_name, "w")
    codec.width = width
    codec.height = height
    codec.bit_rate = bitrate
    codec.pix_fmt = "yuv420p"
    codec.framerate = fractions.Fraction(FPS, 1)
    codec.time_base = fractions.Fraction(1, FPS)
    codec.gop_size = FPS * 20  # key frames far apart, as Google's are: the receiver must ask (PLI)
    # forced-idr: a picture forced to type I becomes an IDR (with SPS/PPS), which is what a PLI asks for.
    codec.options = {"profile": "baseline", "level": "31", "tune": "zerolatency", "preset": "ultrafast", "forced-idr": "1"}
    codec.open()
    return KeyframeOnRequest(codec), False


class KeyframeOnRequest:
    """The libx264 context, able to make its next picture an IDR. aiortc 1.4's H264Encoder takes force_keyframe
    (set by a PLI) but never uses it, so without this the fake would count PLIs and still send no key frame."""

    def __init__(self, codec):
        self._codec = codec
        self.force = False

    def __getattr__(self, name):
        return getattr(self._codec, name)

    def encode(self, frame):
        if self.force and frame is not None:
            self.force = False
            frame.pict_type = av.video.frame.PictureType.I
        return self._codec.encode(frame)


h264.create_encoder_context = _encoder_context

_original_encode_frame = h264.H264Encoder._encode_frame


def _encode_frame(self, frame, force_keyframe):
    # A generator: the flag is read when aiortc iterates it, after it has reset frame.pict_type.
    if force_keyframe and isinstance(self.codec, KeyframeOnRequest):
        self.codec.force = True
    return _original_encode_frame(self, frame, force_keyframe)


h264.H264Encoder._encode_frame = _encode_frame

_original_send_rtp = RTCDtlsTransport._send_rtp


async def _send_rtp(self, data):
    # RTP only (RTCP has payload types 200-206 in its second byte): drop the configured fraction.
    drop = getattr(self, "fake_drop", 0.0)
    if drop > 0 and not (192 <= data[1] <= 223) and random.random() < drop:
        self.fake_dropped = getattr(self, "fake_dropped", 0) + 1
        return
    await _original_send_rtp(self, data)


RTCDtlsTransport._send_rtp = _send_rtp

_original_keyframe = RTCRtpSender._send_keyframe


def _send_keyframe(self):
    session = getattr(self, "fake_session", None)
    if session is not None:
        emit({"event": "pli", "id": session})
    _original_keyframe(self)


RTCRtpSender._send_keyframe = _send_keyframe


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class Pattern(VideoStreamTrack):
    """Generated frames: a gradient that moves, so every frame differs and decodes to something."""

    def __init__(self):
        super().__init__()
        self.n = 0
        self.start = None
        x = numpy.arange(WIDTH, dtype=numpy.uint16)
        y = numpy.arange(HEIGHT, dtype=numpy.uint16)
        self.base = (x[None, :] + y[:, None]).astype(numpy.uint16)

    async def recv(self):
        if self.start is None:
            self.start = time.monotonic()
        due = self.start + self.n / FPS
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        luma = ((self.base + self.n * 4) % 256).astype(numpy.uint8)
        img = numpy.stack([luma, numpy.full_like(luma, 128), (255 - luma)], axis=-1)
        frame = av.VideoFrame.from_ndarray(img, format="rgb24")
        frame.pts = self.n * (90000 // FPS)
        frame.time_base = fractions.Fraction(1, 90000)
        self.n += 1
        return frame


class Tone(AudioStreamTrack):
    """A 440 Hz sine at a quarter of full scale, 48 kHz mono in 20 ms frames, paced in real time."""

    RATE = 48000
    SAMPLES = 960

    def __init__(self):
        super().__init__()
        self.sent = 0
        self.start = None

    async def recv(self):
        if self.start is None:
            self.start = time.monotonic()
        delay = self.start + self.sent / self.RATE - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        t = (numpy.arange(self.SAMPLES) + self.sent) / self.RATE
        pcm = (numpy.sin(2 * numpy.pi * 440 * t) * 8000).astype(numpy.int16).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = self.RATE
        frame.pts = self.sent
        frame.time_base = fractions.Fraction(1, self.RATE)
        self.sent += self.SAMPLES
        return frame


def munge(sdp, rtx_quirks):
    """Google's quirks (nest-sdm section 5): ice-lite, foundation-less candidates, tcp/ssltcp candidates,
    a second H.264 payload type plus RTX, and sendrecv although the offer was recvonly."""
    lines = sdp.replace("\r\n", "\n").split("\n")
    out = []
    section = None
    for line in lines:
        if not line:
            continue
        if line.startswith("m="):
            section = line[2:].split(" ")[0]
        if line.startswith("a=candidate:"):
            parts = line[len("a=candidate:"):].split(" ")
            if parts[2].lower() != "udp":
                continue
            host, port = parts[4], parts[5]
            out.append("a=candidate: " + " ".join(parts[1:]))
            if section == "video":
                out.append("a=candidate: 1 tcp 2113939710 %s 19305 typ host tcptype passive generation 0" % host)
                out.append("a=candidate: 1 ssltcp 2113939709 %s 443 typ host generation 0" % host)
            continue
        if section == "video" and line == "a=sendonly":
            line = "a=sendrecv"
        out.append(line)
        if line.startswith("t="):
            out.append("a=ice-lite")
    text = "\n".join(out) + "\n"
    if rtx_quirks:
        m = re.search(r"^m=video (\d+) (\S+) ([0-9 ]+)$", text, re.M)
        pts = m.group(3).split()
        first = pts[0]
        fmtp = re.search(r"^a=fmtp:%s (.*)$" % first, text, re.M)
        extra_pt, rtx_pt = "120", "121"
        text = text.replace(m.group(0), "m=video %s %s %s %s %s" % (m.group(1), m.group(2), " ".join(pts), extra_pt, rtx_pt))
        added = "a=rtpmap:%s H264/90000\n" % extra_pt
        if fmtp:
            added += "a=fmtp:%s %s\n" % (extra_pt, fmtp.group(1))
        added += "a=rtpmap:%s rtx/90000\na=fmtp:%s apt=%s\n" % (rtx_pt, rtx_pt, first)
        anchor = re.search(r"^a=rtpmap:%s .*\n" % first, text, re.M)
        text = text[: anchor.end()] + added + text[anchor.end():]
    return text.replace("\n", "\r\n")


class Session:
    def __init__(self, sid, lifetime, drop, audio):
        self.id = sid
        self.audio = audio
        self.expires = time.monotonic() + lifetime
        self.drop = drop
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.closed = False

    async def answer(self, offer, rtx_quirks):
        pc = self.pc
        await pc.setRemoteDescription(RTCSessionDescription(sdp=offer, type="offer"))
        sender = pc.addTrack(Pattern())
        sender.fake_session = self.id
        if self.audio:
            pc.addTrack(Tone())

        @pc.on("connectionstatechange")
        async def on_state():
            if pc.connectionState == "connected":
                emit({"event": "connected", "id": self.id})
            elif pc.connectionState in ("failed", "closed"):
                await self.close(pc.connectionState)

        answer = await pc.createAnswer()
        await pc.setLocalDescription(answer)
        sender.transport.fake_drop = self.drop
        asyncio.ensure_future(self.expire())
        return munge(pc.localDescription.sdp, rtx_quirks)

    async def expire(self):
        while not self.closed:
            left = self.expires - time.monotonic()
            if left <= 0:
                await self.close("expired")
                return
            await asyncio.sleep(min(left, 0.2))

    async def close(self, reason):
        if self.closed:
            return
        self.closed = True
        emit({"event": "ended", "id": self.id, "reason": reason})
        await self.pc.close()
        sessions.pop(self.id, None)


sessions = {}


async def handle(request):
    op, sid = request.get("op"), request.get("id")
    try:
        if op == "offer":
            session = Session(sid, float(request.get("lifetime", 300)), float(request.get("drop", 0)), bool(request.get("audio", False)))
            sessions[sid] = session
            answer = await session.answer(request["sdp"], bool(request.get("rtxQuirks", True)))
            emit({"op": op, "id": sid, "answer": answer})
        elif op == "extend":
            session = sessions.get(sid)
            if session is None:
                emit({"op": op, "id": sid, "error": "unknown session"})
            else:
                session.expires = time.monotonic() + float(request.get("lifetime", 300))
                emit({"op": op, "id": sid, "ok": True})
        elif op == "stop":
            session = sessions.get(sid)
            if session is not None:
                await session.close("stopped")
            emit({"op": op, "id": sid, "ok": True})
        else:
            emit({"op": op, "id": sid, "error": "unknown op"})
    except Exception as e:  # the test reads the reason
        emit({"op": op, "id": sid, "error": "%s: %s" % (type(e).__name__, e)})


async def main():
    loop = asyncio.get_event_loop()
    emit({"event": "ready"})
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        line = line.strip()
        if line:
            asyncio.ensure_future(handle(json.loads(line)))
    for session in list(sessions.values()):
        await session.close("shutdown")


asyncio.run(main())
