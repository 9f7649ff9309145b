// GET /metrics: the Prometheus text exposition of the server's own registry.
import type { Registry } from 'prom-client';
import type { HttpRoute } from '../router.js';

export function metricsRoute(registry: Registry): HttpRoute {
  return {
    method: 'GET', path: '/metrics', scope: 'read',
    async handle(_req, res) {
      const text = await registry.metrics();
      res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
      res.end(text);
    },
  };
}
