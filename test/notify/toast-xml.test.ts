// Windows toast XML: golden files for a P0 (urgent scenario, alarm, three actions) and a P3 (silent, no actions).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseToastArguments, toastXml, type NotificationMessage } from '../../src-main/notify/index.js';

const golden = (name: string): string => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8').trim();
const ID = '0b5c1d5e-2f6a-4c3b-9d1e-7a8b9c0d1e2f';

describe('toastXml', () => {
  it('a P0: scenario="urgent", looping alarm, Acknowledge / Snooze 1 h / Open, text escaped', () => {
    const p0: NotificationMessage = {
      title: 'P0 · db-primary: PRIMARY DB DOWN <prod> & "replica"', body: 'prometheus · db-primary · team=storage\nopened just now',
      urgency: 'critical', severity: 'P0', incidentId: ID, actions: ['acknowledge', 'snooze_1h', 'open'],
    };
    expect(toastXml(p0)).toBe(golden('toast-p0.xml'));
  });

  it('a P3: no scenario, silent, no actions', () => {
    expect(toastXml({ title: 'P3 · cdn: Cache hit ratio low', body: 'opened 4 min ago', urgency: 'low', severity: 'P3' })).toBe(golden('toast-p3.xml'));
  });

  it('round-trips activation arguments and refuses others', () => {
    expect(parseToastArguments(`acknowledge:${ID}`)).toEqual({ action: 'acknowledge', incidentId: ID });
    expect(parseToastArguments('rm -rf:/')).toBeUndefined();
  });
});
