// The strict Rust-type check used on every frame and body in the integration tests: it must refuse what serde refuses.
import { describe, expect, it } from 'vitest';
import { completeAlert, completeIncident } from '../../src-shared/protocol/index.js';
import { alert, incident } from '../support/fixtures.js';
import { RustAlert, RustIncident, rustBodyProblem, rustFrameProblem } from '../support/rust-types.js';

describe('Rust-type check', () => {
  it('refuses an incident or alert lacking a required field, accepts them completed', () => {
    expect(RustIncident.safeParse(incident()).success).toBe(false);
    expect(RustIncident.safeParse(completeIncident(incident())).success).toBe(true);
    const { timeline: _t, ...noTimeline } = completeIncident(incident());
    expect(RustIncident.safeParse(noTimeline).success).toBe(false);
    expect(RustAlert.safeParse(alert()).success).toBe(false);
    expect(RustAlert.safeParse(completeAlert(alert())).success).toBe(true);
  });

  it('checks enum spellings, Option nulls and the old resolution shape', () => {
    const i = completeIncident(incident());
    expect(RustIncident.safeParse({ ...i, state: 'detected' }).success).toBe(false);
    expect(RustIncident.safeParse({ ...i, fingerprint: undefined, correlation_score: null }).success).toBe(true);
    expect(RustIncident.safeParse({ ...i, resolution: { resolved_at: i.updated_at, resolved_by: 'a', method: 'Manual' } }).success).toBe(false);
  });

  it('checks frames by type and bodies by route', () => {
    expect(rustFrameProblem({ type: 'pong', timestamp: 'soon' })).not.toBeNull();
    expect(rustFrameProblem({ type: 'pong', timestamp: 'soon' }, new Set(['soon']))).toBeNull();
    expect(rustFrameProblem({ type: 'event', message_id: 'm', timestamp: i0(), event: { event_type: 'incident_created', incident: incident() } })).toMatch(/related_incidents/);
    expect(rustBodyProblem('GET', '/health', 200, { status: 'healthy', version: '1', uptime_seconds: 618.4 })).not.toBeNull();
    expect(rustBodyProblem('GET', '/v1/incidents/x', 404, { error: { code: 'not_found', message: 'no' } })).toMatch(/status/);
  });
});

function i0(): string {
  return new Date().toISOString();
}
