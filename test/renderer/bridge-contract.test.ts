// The bridge contract: one channel map, typed methods that validate both ways, pushes validated, handlers behind validation.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BRIDGE_CHANNELS, BRIDGE_ERROR_CODES, BRIDGE_ERROR_HTTP_STATUS, BridgeError, CHANNEL_NAMES, PUSH_NAMES, createBridge, runBridgeCall,
  type BridgeHandlers, type BridgeTransport, type ChannelName, type ConnectionStatus,
} from '../../src-shared/bridge/index.js';

/** A transport that answers every call with `answer(channel, request)` and lets the test push frames. */
class ScriptedTransport implements BridgeTransport {
  readonly sent: { channel: ChannelName; request: unknown }[] = [];
  private listener: ((event: string, payload: unknown) => void) | null = null;
  constructor(private readonly answer: (channel: ChannelName, request: unknown) => unknown) {}
  async invoke(channel: ChannelName, request: unknown): Promise<unknown> {
    this.sent.push({ channel, request });
    return this.answer(channel, request);
  }
  listen(listener: (event: string, payload: unknown) => void): () => void {
    this.listener = listener;
    return () => (this.listener = null);
  }
  connection(): ConnectionStatus {
    return { state: 'connected', attempt: 0, retryAt: null, detail: null };
  }
  onConnection(): () => void {
    return () => undefined;
  }
  deliver(event: string, payload: unknown): void {
    this.listener?.(event, payload);
  }
}

const STATS = { connectedClients: 0, activeSubscriptions: 0, eventsPublished: 0, deliveries: 0, eventsPerMinute: [], activeIncidents: 0 };

describe('bridge contract', () => {
  it('names every call domain:verb and exposes each as bridge.domain.verb', () => {
    const bridge = createBridge(new ScriptedTransport(() => ({})), { warn: () => undefined });
    expect(CHANNEL_NAMES.length).toBeGreaterThanOrEqual(21);
    for (const channel of CHANNEL_NAMES) {
      expect(channel).toMatch(/^[a-z]+:[a-z]+$/);
      const [domain, verb] = channel.split(':') as [string, string];
      expect(typeof (bridge as unknown as Record<string, Record<string, unknown>>)[domain]?.[verb]).toBe('function');
    }
    for (const push of PUSH_NAMES) expect(push).toMatch(/^push:[a-z-]+$/);
  });

  it('validates a request before it leaves and sends it with defaults applied', async () => {
    const transport = new ScriptedTransport(() => ({ incidents: [] }));
    const bridge = createBridge(transport, { warn: () => undefined });
    await expect(bridge.incidents.snooze({ id: '00000000-0000-4000-8000-000000000001', minutes: 0 }))
      .rejects.toMatchObject({ code: 'invalid_message', message: 'minutes: at least 1 minute' });
    expect(transport.sent).toEqual([]);
    await bridge.incidents.list();
    expect(transport.sent).toEqual([{ channel: 'incidents:list', request: { includeResolved: false } }]);
  });

  it('refuses a response that breaks the contract', async () => {
    const bridge = createBridge(new ScriptedTransport(() => ({ token: '' })), { warn: () => undefined });
    await expect(bridge.token.reveal()).rejects.toMatchObject({ code: 'invalid_response', message: /^token:reveal: token:/ });
  });

  it('delivers valid pushes, drops invalid and unknown ones, and stops after unsubscribe', () => {
    const transport = new ScriptedTransport(() => ({}));
    const warnings: string[] = [];
    const bridge = createBridge(transport, { warn: (m) => warnings.push(m) });
    const seen: number[] = [];
    bridge.on('push:stats', () => {
      throw new Error('a broken listener');
    });
    const off = bridge.on('push:stats', (s) => seen.push(s.deliveries));
    transport.deliver('push:stats', { ...STATS, deliveries: 7 });
    transport.deliver('push:stats', { ...STATS, deliveries: 'seven' });
    transport.deliver('push:from-the-future', {});
    off();
    transport.deliver('push:stats', { ...STATS, deliveries: 8 });
    expect(seen).toEqual([7]);
    expect(warnings.filter((w) => w.startsWith('dropped invalid push:stats'))).toHaveLength(1);
    expect(warnings.filter((w) => w.includes('listener threw'))).toHaveLength(2);
  });

  it('runs handlers only behind request validation, and maps every error code to an HTTP status', async () => {
    const received: unknown[] = [];
    const handlers = { 'incidents:list': (req: unknown) => (received.push(req), { incidents: [] }) } as unknown as BridgeHandlers;
    await expect(runBridgeCall(handlers, 'incidents:list', undefined)).resolves.toEqual({ incidents: [] });
    expect(received).toEqual([{ includeResolved: false }]);
    await expect(runBridgeCall(handlers, 'incidents:list', { includeResolved: 'yes' })).rejects.toMatchObject({ code: 'invalid_message' });
    await expect(runBridgeCall(handlers, 'rm:rf', {})).rejects.toMatchObject({ code: 'not_found' });
    for (const code of BRIDGE_ERROR_CODES) expect(BRIDGE_ERROR_HTTP_STATUS[code]).toBeGreaterThanOrEqual(400);
    expect(new BridgeError('made_up', 'x').code).toBe('internal_error');
    expect(Object.keys(BRIDGE_CHANNELS)).toEqual(CHANNEL_NAMES);
  });

  it('keeps src-shared/bridge runtime-neutral: it imports only zod and src-shared', () => {
    const dir = join(import.meta.dirname, '../../src-shared/bridge');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const specifiers = [...readFileSync(join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      for (const s of specifiers) expect(s === 'zod' || /^\.\.?\/(?!\.\.\/)|^\.\.\/(protocol\/|validation)/.test(s), `${file} imports ${s}`).toBe(true);
    }
  });
});
