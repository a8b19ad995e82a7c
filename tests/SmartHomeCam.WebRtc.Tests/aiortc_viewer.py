"""A second, independent WebRTC receiver (aiortc): offers recvonly video, posts the offer to the signaling URL
the way Google does, applies the answer and decodes frames. Prints "decoded <n> <width>x<height>" and exits 0.
usage: aiortc_viewer.py <signaling-url> <token> <device-id> <frames>"""
import asyncio
import json
import sys
import urllib.request

from aiortc import RTCPeerConnection, RTCSessionDescription


async def main(url, token, device_id, wanted):
    pc = RTCPeerConnection()
    pc.addTransceiver("video", direction="recvonly")
    got_track = asyncio.get_running_loop().create_future()

    @pc.on("track")
    def on_track(track):
        if track.kind == "video" and not got_track.done():
            got_track.set_result(track)

    # aiortc gathers every candidate inside setLocalDescription: the offer is complete (no trickle).
    await pc.setLocalDescription(await pc.createOffer())
    body = json.dumps({"action": "offer", "deviceId": device_id, "sdp": pc.localDescription.sdp}).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    answer = await asyncio.get_running_loop().run_in_executor(None, lambda: json.load(urllib.request.urlopen(request, timeout=20)))
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))

    track = await asyncio.wait_for(got_track, 20)
    decoded = 0
    size = ""
    while decoded < wanted:
        frame = await asyncio.wait_for(track.recv(), 20)
        decoded += 1
        size = f"{frame.width}x{frame.height}"
    print(f"decoded {decoded} {size}", flush=True)
    await pc.close()


if __name__ == "__main__":
    asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])), 90))
