// `why`: every decision path (rule, scope, dedupe, snooze, quiet hours, P0 breakthrough, storm, channel failure) in words.
import { afterEach, describe, expect, it } from 'vitest';
import { formatWhy, startNotifications, type Notifications, type NotificationMessage, type StartNotificationsOptions } from '../../src-main/notify/index.js';
import { FakeClock, created, entry, incident } from './support/fixtures.js';
import { EventFeed, RecordingSink } from './support/recording.js';

let running: Notifications | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function start(over: Partial<StartNotificationsOptions> = {}) {
  const feed = new EventFeed();
  const sink = new RecordingSink();
  const fellBack: NotificationMessage[] = [];
  const n = startNotifications({
    onEvent: feed.onEvent, sink, clock: new FakeClock(Date.parse('2025-03-10T03:00:00Z')), onError: () => undefined,
    onChannelChange: () => undefined, fallback: (m) => (fellBack.push(m), true), ...over,
  });
  running = n;
  const explain = async (messageId: string): Promise<string> => {
    await n.idle();
    return formatWhy({ id: messageId, notifications: 'on', decisions: n.why(messageId) });
  };
  return { feed, sink, n, fellBack, explain };
}

describe('why', () => {
  it('explains a page, a rule miss, a scope miss and a duplicate', async () => {
    const { feed, explain } = start({ settings: { scope: { sources: ['prometheus'] } } });
    const p0 = entry(created(incident({ severity: 'P0', title: 'DB down', affected_resources: ['db'] })));
    const p3 = entry(created(incident({ severity: 'P3' })));
    const other = entry(created(incident({ severity: 'P1', source: 'datadog' })));
    for (const e of [p0, p3, other, { ...p0, messageId: 'epoch1-replayed' }]) feed.emit(e);
    expect(await explain(p0.messageId)).toMatch(/=> paged: "P0 · db: DB down"\n.*ok {4}rule {8}rule #1 matches \(event_types incident_created,escalated · severities P0,P1\)\n.*ok {4}severity {4}P0: shown at once and alone, never coalesced or rate limited\n.*ok {4}delivery {4}handed to the OS notification channel/);
    expect(await explain(p3.messageId)).toMatch(/=> not paged: no rule matched[^\n]*\n.*DROP {2}rule {8}no rule matches incident_created at P3$/m);
    expect(await explain(other.messageId)).toMatch(/DROP {2}scope {7}outside the notification scope \(sources prometheus\)/);
    expect(await explain('epoch1-replayed')).toMatch(/=> not paged: duplicate[\s\S]*DROP {2}dedupe {6}this change was already decided/);
  });

  it('explains a snooze, quiet hours, and a P0 breaking through both', async () => {
    const { feed, n, explain } = start({ settings: { quiet_hours: { enabled: true, start: '02:00', end: '06:00', time_zone: 'UTC' } } });
    const p1 = entry(created(incident({ severity: 'P1' })));
    feed.emit(p1);
    expect(await explain(p1.messageId)).toMatch(/=> held: quiet hours[\s\S]*HOLD {2}quiet_hours quiet hours 02:00-06:00/);
    n.snooze({ durationMs: 3_600_000 });
    const held = entry(created(incident({ severity: 'P1' })));
    const p0 = entry(created(incident({ severity: 'P0' })));
    feed.emit(held);
    feed.emit(p0);
    expect(await explain(held.messageId)).toMatch(/=> held: snoozed[\s\S]*HOLD {2}snooze {6}everything is snoozed/);
    expect(await explain(p0.messageId)).toMatch(/ok {4}snooze {6}P0 breaks through the snooze\n.*ok {4}quiet_hours P0 breaks through quiet hours 02:00-06:00\n.*ok {4}severity/);
  });

  it('explains a storm hold, and a channel failure with the fallback used', async () => {
    const { feed, sink, fellBack, explain } = start();
    const p1s = [1, 2, 3, 4].map(() => entry(created(incident({ severity: 'P1' }))));
    for (const e of p1s) feed.emit(e);
    expect(await explain(p1s[3]?.messageId ?? '')).toMatch(/=> held for a storm summary[^\n]*\n(.*\n)?.*HOLD {2}storm {7}storm \(more than 3 in 10 s\): grouped into the summary due 03:00:10Z/);
    sink.failNext = 1;
    const p0 = entry(created(incident({ severity: 'P0', title: 'Down' })));
    feed.emit(p0);
    expect(await explain(p0.messageId)).toMatch(/FAIL {2}delivery {4}channel failure: daemon not running\n.*ok {4}fallback {4}fallback used/);
    expect(fellBack.map((m) => m.title)).toEqual(['P0 · api-gateway: Down']);
    expect(await explain('epoch9-unknown')).toBe('no notification decision about epoch9-unknown (unknown, not seen since the server started, or forgotten)\n');
  });
});
