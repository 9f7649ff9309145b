// The policy matches on the subject the hub computed at publish time (entry.subject), not on one it recomputes later.
import { describe, expect, it } from 'vitest';
import { NotificationPolicy } from '../../src-main/notify/index.js';
import { FakeClock, IncidentMap, entry, escalated, incident } from './support/fixtures.js';

const clock = new FakeClock();

describe('subject', () => {
  it('follows the hub: an escalation published while the incident came from db notifies a db rule, whatever the store says later', () => {
    const atPublish = new IncidentMap();
    const later = new IncidentMap();
    const fromDb = atPublish.put(incident({ severity: 'P3', source: 'db', title: 'Replica lag' }));
    later.put({ ...fromDb, source: 'web' });
    const p = new NotificationPolicy({ lookup: later.get, settings: { rules: [{ sources: ['db'], event_types: ['escalated'] }] } });
    const decision = p.onEntry(entry(escalated(fromDb, 'P1'), undefined, atPublish.get), clock.now());
    expect(decision.reason).toBe('shown');
    expect(decision.show.map((n) => n.title)).toEqual(['Escalated to P1: Replica lag']);
  });

  it('does not notify when the hub saw another source, though the store now names db', () => {
    const atPublish = new IncidentMap();
    const later = new IncidentMap();
    const fromWeb = atPublish.put(incident({ severity: 'P3', source: 'web' }));
    later.put({ ...fromWeb, source: 'db' });
    const p = new NotificationPolicy({ lookup: later.get, settings: { rules: [{ sources: ['db'], event_types: ['escalated'] }] } });
    expect(p.onEntry(entry(escalated(fromWeb, 'P1'), undefined, atPublish.get), clock.now()).reason).toBe('not_matched');
  });
});
