# A MessagePack client (Debian's python3-msgpack and python3-websockets): subscribes to P1, prints events, acks them, exits after N.
import asyncio
import sys

import msgpack
import websockets


async def main(url, wanted):
    async with websockets.connect(url, subprotocols=["incident-relay.v1.msgpack"]) as ws:
        assert ws.subprotocol == "incident-relay.v1.msgpack", ws.subprotocol
        seen = 0
        async for frame in ws:
            if not isinstance(frame, bytes):
                print(f"unexpected text frame: {frame}", flush=True)
                sys.exit(3)
            msg = msgpack.unpackb(frame, raw=False)
            if msg["type"] == "welcome":
                await ws.send(msgpack.packb({"type": "subscribe", "subscription_id": "py", "filters": {"severities": ["P1"]}}))
            elif msg["type"] == "subscribed":
                print(f"Subscribed {msg['subscription_id']} {sorted(msg['filters'].keys())}", flush=True)
            elif msg["type"] == "event":
                incident = msg["event"]["incident"]
                print(f"Event {msg['message_id']} {msg['subscription_ids']} {incident['severity']} {incident['title']}", flush=True)
                await ws.send(msgpack.packb({"type": "ack", "message_id": msg["message_id"]}))
                seen += 1
                if seen == wanted:
                    return


asyncio.run(main(sys.argv[1], int(sys.argv[2])))
