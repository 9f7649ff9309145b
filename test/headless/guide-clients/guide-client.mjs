// The JavaScript/Browser client of the product guide, verbatim but for the URL (from argv) and exiting after one event.
/* eslint-disable */
class IncidentManagerClient {
  constructor(url) {
    this.url = url;
    this.ws = null;
    this.handlers = new Map();
  }

  connect() {
    this.ws = new WebSocket(this.url);

    this.ws.onopen = () => {
      console.log('Connected');
    };

    this.ws.onmessage = (event) => {
      const msg = JSON.parse(event.data);

      if (msg.type === 'event') {
        this.handleEvent(msg.event);
      } else if (msg.type === 'welcome') {
        this.sessionId = msg.session_id;
        this.onConnect();
      }
    };
  }

  subscribe(filters, handler) {
    const subId = `sub-${Date.now()}`;
    this.handlers.set(subId, handler);

    this.send({
      type: 'subscribe',
      subscription_id: subId,
      filters: filters
    });

    return subId;
  }

  handleEvent(event) {
    for (const handler of this.handlers.values()) {
      handler(event);
    }
  }

  send(message) {
    this.ws.send(JSON.stringify(message));
  }

  onConnect() {
    // Override in subclass
  }
}

// Usage
const client = new IncidentManagerClient(process.argv[2]);
client.onConnect = () => {
  client.subscribe({
    event_types: ['incident_created'],
    severities: ['P0', 'P1']
  }, (event) => {
    console.log('Critical incident:', JSON.stringify(event));
    process.exit(0);
  });
  console.log('Subscribed');
};
client.connect();
