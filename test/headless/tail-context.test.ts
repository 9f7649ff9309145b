// The pieces of `tail` that decide without a server: colour on or off, and the bounded incident cache that fetches each id once.
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src-shared/protocol/index.js';
import { useColor } from '../../src-main/headless/tail/colors.js';
import { IncidentContext } from '../../src-main/headless/tail/incident-context.js';
import { incident } from '../support/fixtures.js';

describe('useColor', () => {
  it.each([
    ['auto', true, {}, true],
    ['auto', true, { NO_COLOR: '1' }, false],
    ['auto', true, { NO_COLOR: '' }, true],
    ['auto', false, {}, false],
    ['always', false, { NO_COLOR: '1' }, true],
    ['never', true, {}, false],
  ] as const)('%s, tty %s, env %j → %s', (mode, tty, env, expected) => {
    expect(useColor(mode, tty, env)).toBe(expected);
  });
});

describe('IncidentContext', () => {
  const counting = (known: Map<string, Incident>) => {
    const asked: string[] = [];
    return { asked, fetchIncident: async (id: string) => { asked.push(id); return known.get(id); } };
  };

  it('asks the server once per unseen incident, however many events name it, and remembers an unknown one too', async () => {
    const inc = incident({ title: 'auth: disk 90% full', affected_resources: ['auth'] });
    const f = counting(new Map([[inc.id, inc]]));
    const ctx = new IncidentContext(f);
    const answers = await Promise.all([ctx.lookup(inc.id), ctx.lookup(inc.id), ctx.lookup('nope'), ctx.lookup('nope')]);
    expect(await ctx.lookup(inc.id)).toEqual({ title: 'auth: disk 90% full', severity: 'P2', state: 'Detected', service: 'auth' });
    expect(await ctx.lookup('nope')).toBeUndefined();
    expect(answers.map((a) => a?.title)).toEqual([inc.title, inc.title, undefined, undefined]);
    expect(f.asked).toEqual([inc.id, 'nope']);
  });

  it('uses what events said without asking, keeps the newest, and stays within its bound', async () => {
    const f = counting(new Map());
    const ctx = new IncidentContext({ ...f, maxEntries: 3 });
    for (const n of [1, 2, 3, 4]) ctx.remember(`i${n}`, { title: `t${n}`, severity: 'P1', service: 's', state: 'Detected' });
    ctx.update('i4', { severity: 'P0' });
    expect(ctx.size).toBe(3);
    expect(await ctx.lookup('i4')).toMatchObject({ title: 't4', severity: 'P0' });
    expect(f.asked).toEqual([]);
    expect(await ctx.lookup('i1')).toBeUndefined();
    expect(f.asked).toEqual(['i1']);
  });
});
