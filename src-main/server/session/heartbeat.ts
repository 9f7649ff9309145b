// Heartbeat and idle sweep: ping (and an app-level pong) every interval, terminate peers silent for two intervals, close idle ones with 4000.
import { CLOSE_CODES } from '../../../src-shared/protocol/index.js';
import type { AppConfig } from '../config/schema.js';
import type { Hub } from '../hub/hub.js';
import type { Session } from './session.js';

export interface HeartbeatDeps {
  hub: Hub;
  config: AppConfig;
  closeSession(s: Session, reason: string, code: number): void;
  now(): number;
}

/** Starts both timers; returns a function that stops them. */
export function startHeartbeat(deps: HeartbeatDeps): () => void {
  const { hub, config } = deps;
  const intervalMs = config.heartbeat_interval_secs * 1000;
  const ping = setInterval(() => {
    const now = deps.now();
    for (const s of hub.sessions) {
      if (s.closed) continue;
      if (now - s.lastInbound >= 2 * intervalMs) {
        s.socket.terminate();
        continue;
      }
      s.socket.ping();
      // PROTOCOL 1.1 §2: an unsolicited `pong` with the server time, as the Rust server sends; browsers cannot see pings.
      // `heartbeat: true` (ignored by readers) tells it from the answer to a ping.
      const at = new Date().toISOString();
      s.sendControl({ type: 'pong', timestamp: at, server_time: at, heartbeat: true });
    }
  }, intervalMs);
  const sweep = setInterval(() => {
    const now = deps.now();
    const limit = config.session_timeout_secs * 1000;
    for (const s of hub.sessions) {
      if (!s.closed && now - s.lastInbound >= limit) deps.closeSession(s, 'session_timeout', CLOSE_CODES.idleTimeout);
    }
  }, Math.min(config.cleanup_interval_secs * 1000, config.session_timeout_secs * 1000));
  ping.unref();
  sweep.unref();
  return () => {
    clearInterval(ping);
    clearInterval(sweep);
  };
}
