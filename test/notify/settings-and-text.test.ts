// The settings schema (defaults, precise errors) and the plain-text rules every sink applies.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULES, NotifySettingsSchema, PLAIN_TEXT_LIMITS, defaultNotifySettings, notifySendArgs, parseNotifySettings, toPlainMessage, toPlainText,
} from '../../src-main/notify/index.js';

describe('notify settings', () => {
  it('default to the rules, thresholds and breakthroughs of the issue', () => {
    const s = defaultNotifySettings();
    expect(s).toMatchObject({
      enabled: true, notify_resolved: true, storm_threshold: 3, storm_window_secs: 10, renotify_p0_mins: 5,
      p0_breaks_snooze: true, p0_breaks_quiet_hours: true, quiet_hours: { enabled: false, start: '22:00', end: '07:00' },
      urgency: { P0: 'critical', P1: 'normal', P2: 'normal', P3: 'low', P4: 'low' }, scope: {},
    });
    expect(s.rules).toEqual(DEFAULT_RULES);
  });

  it('keep what is given and fill the rest, and parse their own output again', () => {
    const s = NotifySettingsSchema.parse({ urgency: { P3: 'normal' }, quiet_hours: { enabled: true } });
    expect(s.urgency).toEqual({ P0: 'critical', P1: 'normal', P2: 'normal', P3: 'normal', P4: 'low' });
    expect(s.quiet_hours).toEqual({ enabled: true, start: '22:00', end: '07:00' });
    expect(NotifySettingsSchema.parse(s)).toEqual(s);
  });

  it('name each bad key', () => {
    const r = parseNotifySettings({ quiet_hours: { start: '25:00', time_zone: 'Mars/Olympus' }, rules: [{ severities: ['P9'] }], storm_threshold: 0 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain('notify.quiet_hours.start');
    expect(r.message).toContain('notify.quiet_hours.time_zone');
    expect(r.message).toContain('notify.rules.0.severities.0');
    expect(r.message).toContain('notify.storm_threshold');
  });
});

describe('plain text', () => {
  it('strips controls and bidi overrides, and turns markup characters into look-alikes', () => {
    expect(toPlainText('a\u0000b\u001b[31mred\u202Eevil\u0007 <b>x</b> & y', 200)).toBe('ab[31mredevil ‹b›x‹/b› ＆ y');
  });

  it('keeps lines in bodies and makes titles one line', () => {
    expect(toPlainText('one\r\ntwo\nthree', 100, { multiline: true })).toBe('one\ntwo\nthree');
    expect(toPlainText('one\r\ntwo\tthree', 100)).toBe('one two three');
  });

  it('truncates to a fixed number of code points with an ellipsis, never splitting a surrogate pair', () => {
    const t = toPlainText('🔥'.repeat(500), PLAIN_TEXT_LIMITS.title);
    expect(Array.from(t)).toHaveLength(PLAIN_TEXT_LIMITS.title);
    expect(t.endsWith('🔥…')).toBe(true);
    expect(toPlainText('x'.repeat(64 * 1024), PLAIN_TEXT_LIMITS.body)).toHaveLength(PLAIN_TEXT_LIMITS.body);
    expect(toPlainText('short', 10)).toBe('short');
  });

  it('gives a sink message a non-empty title and a known urgency', () => {
    const m = toPlainMessage({ title: '\u0000\u0001', body: 'b', urgency: 'loud' as never });
    expect(m).toEqual({ title: 'Incident Relay', body: 'b', urgency: 'normal' });
  });

  it('ends notify-send options before the text, so a title that looks like an option stays text', () => {
    expect(notifySendArgs({ title: '-u low', body: '--help', urgency: 'critical' }, 'Incident Relay', 5000))
      .toEqual(['--app-name=Incident Relay', '--urgency=critical', '--', '-u low', '--help']);
  });
});
