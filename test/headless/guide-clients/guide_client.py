# The Python client of the product guide, verbatim but for the URL (from argv) and exiting after one event.
import asyncio
import json
import sys
import websockets

class IncidentManagerClient:
    def __init__(self, url):
        self.url = url
        self.handlers = {}

    async def subscribe(self, filters, handler):
        sub_id = f"sub-{len(self.handlers)}"
        self.handlers[sub_id] = handler

        await self.send({
            'type': 'subscribe',
            'subscription_id': sub_id,
            'filters': filters
        })

        return sub_id

    async def message_loop(self):
        async for message in self.ws:
            msg = json.loads(message)

            if msg['type'] == 'event':
                await self.handle_event(msg['event'])

    async def handle_event(self, event):
        for handler in self.handlers.values():
            await handler(event)

    async def send(self, message):
        await self.ws.send(json.dumps(message))

# Usage
async def on_incident(event):
    print(f"Incident: {json.dumps(event)}", flush=True)
    sys.exit(0)

async def main():
    client = IncidentManagerClient(sys.argv[1])

    async with websockets.connect(client.url) as ws:
        client.ws = ws

        # Wait for welcome
        welcome = await ws.recv()

        # Subscribe
        await client.subscribe({
            'event_types': ['incident_created']
        }, on_incident)
        print("Subscribed", flush=True)

        # Listen for events
        await client.message_loop()

asyncio.run(main())
