// GET /health, /health/live, /health/ready: liveness and readiness (503 while starting or draining).
import type { HttpRoute } from '../router.js';
import { sendJson } from '../json-io.js';

export interface HealthSource {
  version: string;
  startedAt: number;
  isReady(): boolean;
  /** Extra sections (e.g. relay upstreams); never secrets. */
  details?(): Record<string, unknown>;
}

export function healthRoutes(src: HealthSource): HttpRoute[] {
  const body = (status: string) => ({
    // Whole seconds, as the Rust server's `u64` (never negative, even if the clock went back).
    status, version: src.version, uptime_seconds: Math.max(0, Math.floor((Date.now() - src.startedAt) / 1000)), ...(src.details?.() ?? {}),
  });
  return [
    { method: 'GET', path: '/health', scope: 'none', handle: (_q, res) => sendJson(res, 200, body('healthy')) },
    { method: 'GET', path: '/health/live', scope: 'none', handle: (_q, res) => sendJson(res, 200, body('healthy')) },
    {
      method: 'GET', path: '/health/ready', scope: 'none',
      handle: (_q, res) => (src.isReady() ? sendJson(res, 200, body('healthy')) : sendJson(res, 503, body('unavailable'))),
    },
  ];
}
