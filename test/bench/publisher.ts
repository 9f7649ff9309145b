// Publishes events to a server under test with `POST /v1/events` over keep-alive HTTP.
import http from 'node:http';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';

const REQUEST_TIMEOUT_MS = 120_000;

/** Posts one event or a batch and resolves with the message ids of the 202 reply. */
export class Publisher {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  private readonly url: URL;

  constructor(baseUrl: string, private readonly token: string) {
    this.url = new URL('/v1/events', baseUrl);
  }

  publish(events: IncidentEvent | readonly IncidentEvent[]): Promise<string[]> {
    const body = Buffer.from(JSON.stringify(Array.isArray(events) ? { events } : events));
    return new Promise((resolve, reject) => {
      const req = http.request(this.url, {
        method: 'POST', agent: this.agent, timeout: REQUEST_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${this.token}` },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 202) { reject(new Error(`POST /v1/events answered ${res.statusCode}: ${text.slice(0, 300)}`)); return; }
          try {
            resolve((JSON.parse(text) as { message_ids: string[] }).message_ids);
          } catch (err) {
            reject(new Error(`POST /v1/events reply is not JSON (${(err as Error).message}): ${text.slice(0, 300)}`));
          }
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`POST /v1/events got no answer in ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
